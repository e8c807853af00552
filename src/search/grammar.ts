// Stripe's search query language, parsed by hand (recursive descent over the
// characters): the grammar is a few productions, and Stripe answers every
// malformed query with one message, so a generator would buy nothing here.
//
//   query   = clause { join clause }
//   join    = ws+ | ws+ ("AND" | "OR") ws+        (keywords case-insensitive; AND and OR never mixed)
//   clause  = ["-"] field op value
//   field   = name { "." name } | "metadata" "[" string "]"
//   op      = ":" | "~" | ">=" | "<=" | ">" | "<"
//   value   = string | number | "null"
//   string  = '"' { char | '\"' | '\\' } '"' | "'" { char | "\'" | '\\' } "'"
//   number  = ["-"] digit { digit } ["." digit { digit }]
import { errors } from '../http/errors.ts';

export type Operator = ':' | '~' | '>' | '<' | '>=' | '<=';

export type Value = { kind: 'string'; text: string } | { kind: 'number'; value: number; text: string } | { kind: 'null' };

export interface Clause {
  negated: boolean;
  /** The field as written (`email`, `payment_method_details.card.last4`); `metadata` for metadata clauses. */
  field: string;
  /** Set for `metadata['key']` clauses. */
  metadataKey?: string;
  op: Operator;
  value: Value;
}

export interface Query {
  /** How the clauses combine: a query without AND/OR keywords (or of one clause) is `and`. */
  join: 'and' | 'or';
  clauses: Clause[];
}

/** Stripe allows up to 10 clauses in one query. */
export const MAX_CLAUSES = 10;

export class QueryError extends Error {}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?[0-9]+(\.[0-9]+)?/y;
const WS = /[ \t\r\n]+/y;
const KEYWORD = /(AND|OR)(?=[ \t\r\n])/iy;

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(): never {
    throw new QueryError(`unexpected input at ${this.pos}`);
  }

  match(re: RegExp): string | null {
    re.lastIndex = this.pos;
    const m = re.exec(this.text);
    if (!m) return null;
    this.pos += m[0].length;
    return m[0];
  }

  peek(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.pos += s.length;
    return true;
  }

  query(): Query {
    this.match(WS);
    const clauses = [this.clause()];
    let join: 'and' | 'or' | null = null;
    while (this.pos < this.text.length) {
      if (this.match(WS) === null) this.fail();
      if (this.pos >= this.text.length) break;
      const kw = this.match(KEYWORD);
      const next: 'and' | 'or' = kw === null ? 'and' : (kw.toLowerCase() as 'and' | 'or');
      if (kw !== null && this.match(WS) === null) this.fail();
      if (join !== null && join !== next) throw new QueryError('AND and OR cannot be mixed');
      join = next;
      clauses.push(this.clause());
    }
    return { join: join ?? 'and', clauses };
  }

  clause(): Clause {
    const negated = this.eat('-');
    const start = this.pos;
    const first = this.match(NAME) ?? this.fail();
    let field = first;
    let metadataKey: string | undefined;
    if (first === 'metadata' && this.eat('[')) {
      metadataKey = this.string() ?? this.fail();
      if (!this.eat(']')) this.fail();
    } else {
      while (this.eat('.')) field += `.${this.match(/[A-Za-z0-9_]+/y) ?? this.fail()}`;
    }
    if (this.pos === start) this.fail();
    const op = this.operator() ?? this.fail();
    const value = this.value();
    return metadataKey === undefined ? { negated, field, op, value } : { negated, field, metadataKey, op, value };
  }

  operator(): Operator | null {
    for (const op of ['>=', '<=', ':', '~', '>', '<'] as const) if (this.eat(op)) return op;
    return null;
  }

  value(): Value {
    const text = this.string();
    if (text !== null) return { kind: 'string', text };
    const num = this.match(NUMBER);
    if (num !== null) {
      // `12abc` is neither a number nor a quoted string.
      if (this.pos < this.text.length && !/[ \t\r\n]/.test(this.text[this.pos])) this.fail();
      return { kind: 'number', value: Number(num), text: num };
    }
    if (this.match(/null(?![A-Za-z0-9_])/y) !== null) return { kind: 'null' };
    return this.fail();
  }

  /** A quoted string, unescaped; null when the input does not start with a quote. */
  string(): string | null {
    const quote = this.text[this.pos];
    if (quote !== '"' && quote !== "'") return null;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail();
      const c = this.text[this.pos++];
      if (c === quote) return out;
      if (c === '\\') {
        const next = this.text[this.pos];
        if (next === quote || next === '\\') {
          out += next;
          this.pos++;
          continue;
        }
      }
      out += c;
    }
  }
}

/** Parses a query; throws QueryError (the route turns it into Stripe's message). */
export function parseQuery(text: string): Query {
  const q = new Parser(text).query();
  if (q.clauses.length > MAX_CLAUSES) throw new QueryError('too many clauses');
  return q;
}

/** Stripe's answer to any query it cannot parse. */
export const unparsable = () =>
  errors.invalidRequest(
    'We were unable to parse your search query. Try using the format `metadata["key"]:"value"` to query for metadata or key:"value" to query for other fields.',
    'query',
  );
