// Turns a parsed query into one SQL set of object seqs over search_terms, checked
// against the resource's field table. Each clause is a single SELECT (negations
// and `null` as NOT IN against the PRESENT rows), so that the clauses combine
// with INTERSECT or UNION alone, which both engines read the same way.
import { sql, type RawBuilder } from 'kysely';
import { errors } from '../http/errors.ts';
import type { Clause, Query } from './grammar.ts';
import type { SearchTable } from './fields.ts';
import { metadataField, PRESENT, tokenOf, wordsOf } from './terms.ts';

/** Substring matches need at least this many characters (docs: `~` "minimum of 3 characters"). */
export const MIN_SUBSTRING = 3;

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const unsupportedField = (field: string, resource: string) =>
  errors.invalidRequest(`Field \`${field}\` is an unsupported search field for resource \`${resource}\`.`, 'query');

const unsupportedOperator = (field: string, op: string) =>
  errors.invalidRequest(`Field \`${field}\` does not support the \`${op}\` operator.`, 'query');

type Set = RawBuilder<unknown>;

export function compileQuery(table: SearchTable, account: string, q: Query): Set {
  const parts = q.clauses.map((c) => compileClause(table, account, c));
  return sql.join(parts, q.join === 'and' ? sql` intersect ` : sql` union `);
}

function compileClause(table: SearchTable, account: string, c: Clause): Set {
  const base = sql`select seq from search_terms where account = ${account} and type = ${table.type}`;
  const present = sql`${base} and field = ${PRESENT}`;
  const not = (set: Set): Set => sql`${present} and seq not in (${set})`;

  let field: string;
  let kind: 'token' | 'string' | 'number';
  if (c.metadataKey !== undefined) {
    if (!table.metadata) throw unsupportedField('metadata', table.resource);
    field = metadataField(c.metadataKey);
    kind = 'token';
  } else {
    const def = Object.prototype.hasOwnProperty.call(table.fields, c.field) ? table.fields[c.field] : undefined;
    if (!def) throw unsupportedField(c.field, table.resource);
    field = c.field;
    kind = def.kind;
  }
  const shown = c.metadataKey === undefined ? c.field : `metadata['${c.metadataKey}']`;
  const has = sql`${base} and field = ${field}`;

  if (c.value.kind === 'null') {
    if (c.op !== ':') throw unsupportedOperator(shown, c.op);
    // `field:null`: objects without the field; `-field:null`: objects with it.
    return c.negated ? has : not(has);
  }
  const text = c.value.kind === 'number' ? c.value.text : c.value.text;
  let match: Set;
  if (kind === 'number') {
    if (c.op === '~') throw unsupportedOperator(shown, c.op);
    const n = c.value.kind === 'number' ? c.value.value : Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw errors.invalidRequest(`Field \`${shown}\` only takes numeric values.`, 'query');
    const op = sql.raw(c.op === ':' ? '=' : c.op);
    match = sql`${has} and num ${op} ${n}`;
  } else if (c.op === ':') {
    match = kind === 'token' ? sql`${has} and value = ${tokenOf(text)}` : sql`${has} and text like ${`%${likeEscape(wordsOf(text))}%`} escape '\\'`;
  } else if (c.op === '~') {
    if (kind !== 'string') throw unsupportedOperator(shown, c.op);
    const needle = text.toLowerCase().split(/\s+/).filter(Boolean).join(' ');
    if (needle.length < MIN_SUBSTRING)
      throw errors.invalidRequest(`Substring matches (\`~\`) need at least ${MIN_SUBSTRING} characters.`, 'query');
    match = sql`${has} and text like ${`%${likeEscape(needle)}%`} escape '\\'`;
  } else throw unsupportedOperator(shown, c.op);
  return c.negated ? not(match) : match;
}
