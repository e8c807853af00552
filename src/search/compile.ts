// Turns a parsed query into SQL over search_terms, checked against the
// resource's field table. Results come newest first, so a query runs as a walk
// down one clause's index rows in seq order (the "driver": the most selective
// exact match, else any positive clause, else the PRESENT rows), checking the
// other clauses row by row with index lookups and stopping at the page's end.
// No match set is ever built in full, so a page costs about the same on 100 or
// 100,000 objects. OR queries walk each clause that way and merge the pages.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../store/db.ts';
import { errors } from '../http/errors.ts';
import type { Clause, Query } from './grammar.ts';
import type { SearchTable } from './fields.ts';
import { metadataField, PRESENT, tokenOf, wordsOf } from './terms.ts';

/** Substring matches need at least this many characters. */
export const MIN_SUBSTRING = 3;

const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const unsupportedField = (field: string, resource: string) =>
  errors.invalidRequest(`Field \`${field}\` is an unsupported search field for resource \`${resource}\`.`, 'query');

const unsupportedOperator = (field: string, op: string) =>
  errors.invalidRequest(`Field \`${field}\` does not support the \`${op}\` operator.`, 'query');

type Fragment = RawBuilder<unknown>;

/** One clause, checked: rows of `field` (meeting `cond` on the row alias, when set) are wanted, or, negated, their absence. */
export interface Term {
  field: string;
  /** The index range to seek when the clause is an exact match (cheap to count and walk): `value = from`, or a prefix from `from`. */
  seek?: { from: string; prefix: boolean };
  cond?: (alias: string) => Fragment;
  negated: boolean;
}

export function checkClause(table: SearchTable, c: Clause): Term {
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
  const col = (alias: string, name: string) => sql.raw(`${alias}.${name}`);

  if (c.value.kind === 'null') {
    if (c.op !== ':') throw unsupportedOperator(shown, c.op);
    // `field:null` wants objects without the field; `-field:null` objects with it.
    return { field, negated: !c.negated };
  }
  const text = c.value.text;
  if (kind === 'number') {
    if (c.op === '~') throw unsupportedOperator(shown, c.op);
    const n = c.value.kind === 'number' ? c.value.value : Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw errors.invalidRequest(`Field \`${shown}\` only takes numeric values.`, 'query');
    const op = sql.raw(c.op === ':' ? '=' : c.op);
    return { field, cond: (a) => sql`${col(a, 'num')} ${op} ${n}`, negated: c.negated };
  }
  if (c.op === ':') {
    if (kind === 'token') {
      const token = tokenOf(text);
      return { field, seek: { from: token, prefix: false }, cond: (a) => sql`${col(a, 'value')} = ${token}`, negated: c.negated };
    }
    // Whole words in order: a word suffix of the value (terms.ts) that is the query's words, or
    // starts with them and a space. Byte order (SQLite's BINARY, the column's "C" collation on
    // PostgreSQL) puts exactly those in [words, words + '!'): '!' is the byte after the space.
    const words = tokenOf(wordsOf(text).trim());
    if (words === '') return { field, cond: () => sql`1 = 0`, negated: c.negated };
    const end = `${words}!`;
    return {
      field,
      seek: { from: words, prefix: true },
      cond: (a) => sql`${col(a, 'value')} >= ${words} and ${col(a, 'value')} < ${end}`,
      negated: c.negated,
    };
  }
  if (c.op === '~') {
    if (kind !== 'string') throw unsupportedOperator(shown, c.op);
    const needle = text.toLowerCase().split(/\s+/).filter(Boolean).join(' ');
    if (needle.length < MIN_SUBSTRING)
      throw errors.invalidRequest(`Substring matches (\`~\`) need at least ${MIN_SUBSTRING} characters.`, 'query');
    const pattern = `%${likeEscape(needle)}%`;
    return { field, cond: (a) => sql`${col(a, 'text')} like ${pattern} escape '\\'`, negated: c.negated };
  }
  throw unsupportedOperator(shown, c.op);
}

interface Scope {
  db: Db;
  account: string;
  type: string;
}

const PRESENT_TERM: Term = { field: PRESENT, negated: false };

/** `t` rows of the driver term, the other terms checked against each by index lookups. */
function groupSql(s: Scope, driver: Term, others: Term[], cursor: number | undefined): Fragment {
  const parts: Fragment[] = [sql`t.account = ${s.account} and t.type = ${s.type} and t.field = ${driver.field}`];
  if (driver.cond) parts.push(driver.cond('t'));
  if (cursor !== undefined) parts.push(sql`t.seq < ${cursor}`);
  for (const o of others) {
    const cond = o.cond ? sql` and ${o.cond('u')}` : sql``;
    const exists = sql`exists (select 1 from search_terms u where u.account = ${s.account} and u.type = ${s.type} and u.field = ${o.field} and u.seq = t.seq${cond})`;
    parts.push(o.negated ? sql`not ${exists}` : exists);
  }
  return sql`from search_terms t where ${sql.join(parts, sql` and `)}`;
}

/** How many index rows an exact match has, counted no further than `cap` (cheap: an index range). */
async function boundedCount(s: Scope, t: Term, cap: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from search_terms t
    where t.account = ${s.account} and t.type = ${s.type} and t.field = ${t.field} and ${t.cond!('t')} limit ${cap}) x`.execute(s.db);
  return Number(rows[0].n);
}

/** The driver of an AND group: the rarest exact match, else the first positive clause, else every object. */
async function plan(s: Scope, terms: Term[]): Promise<{ driver: Term; others: Term[] }> {
  const exact = terms.filter((t) => !t.negated && t.seek !== undefined);
  let driver: Term | undefined;
  if (exact.length === 1) driver = exact[0];
  else if (exact.length > 1) {
    let best = Infinity;
    for (const t of exact) {
      const n = await boundedCount(s, t, 5000);
      if (n < best) [best, driver] = [n, t];
    }
  } else driver = terms.find((t) => !t.negated);
  if (!driver) return { driver: PRESENT_TERM, others: terms };
  return { driver, others: terms.filter((t) => t !== driver) };
}

/** The seqs of one page (newest first, `limit + 1` at most: the extra one says there is more). */
export async function findPage(s: Scope, q: Query, terms: Term[], cursor: number | undefined, limit: number): Promise<number[]> {
  const groups = q.join === 'and' ? [terms] : terms.map((t) => [t]);
  const pages = await Promise.all(
    groups.map(async (g) => {
      const { driver, others } = await plan(s, g);
      // A string's several word suffixes may all match: its object counts once.
      const distinct = sql.raw(driver.seek?.prefix ? 'distinct ' : '');
      const { rows } = await sql<{ seq: number }>`select ${distinct}t.seq as seq ${groupSql(s, driver, others, cursor)}
        order by t.seq desc limit ${limit + 1}`.execute(s.db);
      return rows.map((r) => Number(r.seq));
    }),
  );
  if (pages.length === 1) return pages[0];
  // OR: each clause's newest page, merged; an object matching several clauses counts once.
  return [...new Set(pages.flat())].sort((a, b) => b - a).slice(0, limit + 1);
}

/** Every match, counted (only for `expand[]=total_count`). */
export async function countAll(s: Scope, q: Query, terms: Term[]): Promise<number> {
  if (q.join === 'and') {
    const { driver, others } = await plan(s, terms);
    const { rows } = await sql<{ n: number }>`select count(distinct t.seq) as n ${groupSql(s, driver, others, undefined)}`.execute(s.db);
    return Number(rows[0].n);
  }
  const sets = terms.map((t) => {
    const { driver, others } = t.negated ? { driver: PRESENT_TERM, others: [t] } : { driver: t, others: [] };
    return sql`select t.seq ${groupSql(s, driver, others, undefined)}`;
  });
  const { rows } = await sql<{ n: number }>`select count(*) as n from (${sql.join(sets, sql` union `)}) x`.execute(s.db);
  return Number(rows[0].n);
}
