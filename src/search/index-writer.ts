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
import { termsOf } from './terms.ts';

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
  // Bounded statements: SQLite caps bound parameters per statement.
  for (let i = 0; i < values.length; i += 500) await db.insertInto('search_terms').values(values.slice(i, i + 500)).execute();
}

function sameTerms(table: SearchTable, a: StoredObject, b: StoredObject): boolean {
  // The stored status only decides whether a price is inline, which never changes.
  const none = { status: null };
  return JSON.stringify(termsOf(table, a, none)) === JSON.stringify(termsOf(table, b, none));
}

/** Re-indexes the searchable objects a request changed (created, updated, deleted). */
export async function indexChanges(db: Db, account: string, log: ChangeLog): Promise<void> {
  const touched = new Map<string, string[]>();
  for (const change of log.changes.values()) {
    const table = byType.get(change.type);
    if (!table) continue;
    // Most updates change no searched field (an invoice's lines, a customer's address): nothing to rewrite.
    if (change.before && change.after && sameTerms(table, change.before, change.after)) continue;
    const ids = touched.get(change.type) ?? [];
    ids.push(change.id);
    touched.set(change.type, ids);
  }
  for (const [type, ids] of touched) {
    const table = byType.get(type)!;
    await db.deleteFrom('search_terms').where('account', '=', account).where('type', '=', type).where('id', 'in', ids).execute();
    const rows = await db
      .selectFrom('objects')
      .select(['id', 'seq', 'status', 'data'])
      .where('account', '=', account)
      .where('type', '=', type)
      .where('id', 'in', ids)
      .execute();
    await writeTerms(db, account, table, rows);
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
