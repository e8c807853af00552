// Keeps the search index (table search_terms) equal to the searchable objects:
// a request's writes are re-indexed from its change log inside the request's
// transaction, so a search never sees a state that was not committed, and a
// committed object is searchable at once (Stripe lags up to a minute; sooner is
// allowed). Migrations call reindexType() to index objects written before.
import type { Kysely } from 'kysely';
import type { Db } from '../store/db.ts';
import type { ChangeLog } from '../work/change-log.ts';
import type { StoredObject } from '../store/objects.ts';
import type { SearchTable } from './fields.ts';
import { searchTables } from './tables/index.ts';
import { termsOf, type Term } from './terms.ts';

const byType = new Map(searchTables.map((t) => [t.type, t]));

export function searchTableOf(type: string): SearchTable | undefined {
  return byType.get(type);
}

interface Row {
  id: string;
  seq: number;
  status: string | null;
  data: string;
}

async function writeTerms(db: Kysely<any>, account: string, table: SearchTable, rows: Row[]): Promise<void> {
  const values = rows.flatMap((r) =>
    termsOf(table, JSON.parse(r.data), { status: r.status }).map((t) => ({ account, type: table.type, id: r.id, seq: r.seq, ...t })),
  );
  await insertTerms(db, values);
}

const NO_STATUS = { status: null };

/** An object's terms by field, as text to compare. */
function byField(terms: Term[]): Map<string, string> {
  const out = new Map<string, string[]>();
  for (const t of terms) {
    const list = out.get(t.field) ?? [];
    list.push(JSON.stringify(t));
    out.set(t.field, list);
  }
  return new Map([...out].map(([f, list]) => [f, list.join('\n')]));
}

/** The fields whose terms differ between two states. */
function changedFields(before: Term[], after: Term[]): string[] {
  const a = byField(before);
  const b = byField(after);
  const fields = new Set([...a.keys(), ...b.keys()]);
  return [...fields].filter((f) => a.get(f) !== b.get(f));
}

interface Touched {
  table: SearchTable;
  id: string;
  before: StoredObject | null;
  after: StoredObject | null;
  /** When both states are searchable: only these fields' rows are rewritten. */
  fields: string[] | null;
}

/**
 * Re-indexes the searchable objects a unit of work changed (created, updated, deleted), from its
 * change log: an object changed in several parts of the unit (timers fired together) counts once,
 * from its first state to its last. An update rewrites only the rows of the fields it changed (an
 * invoice finalized: its status and number), not all of them.
 */
export async function indexChanges(db: Db, account: string, log: ChangeLog): Promise<void> {
  const merged = new Map<string, { type: string; id: string; before: StoredObject | null; after: StoredObject | null; first: number; last: number }>();
  for (const c of log.changes.values()) {
    if (!byType.has(c.type)) continue;
    const key = `${c.type}\u0000${c.id}`;
    const m = merged.get(key);
    if (!m) merged.set(key, { type: c.type, id: c.id, before: c.before, after: c.after, first: c.order, last: c.order });
    else {
      if (c.order < m.first) [m.first, m.before] = [c.order, c.before];
      if (c.order > m.last) [m.last, m.after] = [c.order, c.after];
    }
  }
  const touched: Touched[] = [];
  for (const m of merged.values()) {
    const table = byType.get(m.type)!;
    if (m.before && m.after) {
      // Most updates change no searched field (an invoice's lines, a customer's address): nothing to rewrite.
      const fields = changedFields(termsOf(table, m.before, NO_STATUS), termsOf(table, m.after, NO_STATUS));
      if (fields.length === 0) continue;
      touched.push({ table, id: m.id, before: m.before, after: m.after, fields });
    } else if (m.before || m.after) touched.push({ table, id: m.id, before: m.before, after: m.after, fields: null });
  }
  if (touched.length === 0) return;
  // The rows' seq and status, by id (the unique index: ids are unique per account), for every type at once.
  const rows = new Map<string, { type: string; seq: number; status: string | null }>();
  const ids = [...new Set(touched.filter((t) => t.after).map((t) => t.id))];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await db.selectFrom('objects').select(['id', 'type', 'seq', 'status']).where('account', '=', account).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const r of found) rows.set(r.id, { type: r.type, seq: Number(r.seq), status: r.status });
  }
  const values: (Term & { account: string; type: string; id: string; seq: number })[] = [];
  const whole = new Map<string, string[]>();
  // Objects of one type whose same fields changed (invoices finalized together): one statement.
  const partial = new Map<string, { type: string; fields: string[]; ids: string[] }>();
  for (const t of touched) {
    const row = rows.get(t.id);
    const current = t.after && row && row.type === t.table.type ? row : null;
    let fields = t.fields;
    let terms = current ? termsOf(t.table, t.after!, { status: current.status }) : [];
    if (fields !== null && current) {
      // Searchable before and after (a stub is not): only the changed fields' rows.
      const before = termsOf(t.table, t.before!, { status: current.status });
      if (before.length > 0 && terms.length > 0) {
        const only = new Set(fields);
        terms = terms.filter((term) => only.has(term.field));
        const key = `${t.table.type}\u0000${fields.join('\u0000')}`;
        const group = partial.get(key) ?? { type: t.table.type, fields, ids: [] };
        group.ids.push(t.id);
        partial.set(key, group);
      } else fields = null;
    }
    if (fields === null || !current) {
      const list = whole.get(t.table.type) ?? [];
      list.push(t.id);
      whole.set(t.table.type, list);
    }
    if (current) for (const term of terms) values.push({ account, type: t.table.type, id: t.id, seq: current.seq, ...term });
  }
  for (const [type, list] of whole) {
    for (let i = 0; i < list.length; i += CHUNK) await db.deleteFrom('search_terms').where('account', '=', account).where('type', '=', type).where('id', 'in', list.slice(i, i + CHUNK)).execute();
  }
  for (const g of partial.values()) {
    for (let i = 0; i < g.ids.length; i += CHUNK)
      await db.deleteFrom('search_terms').where('account', '=', account).where('type', '=', g.type).where('id', 'in', g.ids.slice(i, i + CHUNK)).where('field', 'in', g.fields).execute();
  }
  await insertTerms(db, values);
}

/** Bounded statements: SQLite caps bound parameters per statement. */
const CHUNK = 500;

async function insertTerms(db: Kysely<any>, values: object[]): Promise<void> {
  for (let i = 0; i < values.length; i += CHUNK) await db.insertInto('search_terms').values(values.slice(i, i + CHUNK)).execute();
}

/** Rebuilds one account's whole index (an imported account: the index is derived, never exported). */
export async function reindexAccount(db: Kysely<any>, account: string): Promise<void> {
  await db.deleteFrom('search_terms').where('account', '=', account).execute();
  for (const table of searchTables) {
    let after = 0;
    for (;;) {
      const rows: Row[] = await db
        .selectFrom('objects')
        .select(['id', 'seq', 'status', 'data'])
        .where('account', '=', account)
        .where('type', '=', table.type)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(1000)
        .execute();
      if (rows.length === 0) break;
      await writeTerms(db, account, table, rows);
      after = rows[rows.length - 1].seq;
    }
  }
}

/** Indexes every object of a type, in every account (a migration adding a searchable resource). */
export async function reindexType(db: Kysely<any>, table: SearchTable): Promise<void> {
  await db.deleteFrom('search_terms').where('type', '=', table.type).execute();
  let after = 0;
  for (;;) {
    const rows: (Row & { account: string })[] = await db
      .selectFrom('objects')
      .select(['account', 'id', 'seq', 'status', 'data'])
      .where('type', '=', table.type)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(1000)
      .execute();
    if (rows.length === 0) return;
    for (const r of rows) await writeTerms(db, r.account, table, [r]);
    after = rows[rows.length - 1].seq;
  }
}
