// An account's data as one JSON document: reset (delete everything the account owns),
// export, and import (replace the account's data with an export, into any account).
//
// What an export holds: the account's state, every row of every account table (objects,
// numbering counters, invoice prefixes, overdue watches, and whatever tables later
// migrations add), except its history and transient rows: events, webhook deliveries and
// idempotency keys. An imported account therefore starts with an empty event log, and its
// webhook endpoints are not sent the events of the account it was exported from.
import type { Db, Store } from '../store/db.ts';
import { accountTables, type AccountTable } from '../store/account-tables.ts';
import { reindexAccount } from '../search/index-writer.ts';

export const EXPORT_FORMAT = 1;
/**
 * Account tables left out of exports, still emptied by reset: history and transient state, and the
 * search index, which is derived from the objects and rebuilt on import (its rows name the objects' seqs).
 */
const NOT_EXPORTED = new Set(['events', 'webhook_deliveries', 'webhook_attempts', 'idempotency_keys', 'search_terms']);
/** Columns holding JSON text, exported as JSON so that a fixture file reads like the API. */
const JSON_COLUMNS: Record<string, readonly string[]> = { objects: ['data'] };

export interface AccountExport {
  object: 'invoicekit.account_export';
  format: number;
  /** The account it came from (a digest of its key; informational). */
  account: string;
  exported_at: number;
  tables: Record<string, Record<string, unknown>[]>;
}

let tablesCache: { store: Store; tables: Promise<AccountTable[]> } | null = null;

/** Introspected once per store (the schema changes only by migrations, which run at start). */
function tablesOf(store: Store): Promise<AccountTable[]> {
  if (tablesCache?.store !== store) tablesCache = { store, tables: accountTables(store.db, store.dialect) };
  return tablesCache.tables;
}

async function deleteAccount(db: Db, tables: AccountTable[], account: string | null): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const t of tables) {
    let q = (db as Db).deleteFrom(t.name as any);
    if (account !== null) q = q.where('account' as any, '=', account);
    const r = await q.executeTakeFirst();
    deleted[t.name] = Number(r.numDeletedRows);
  }
  return deleted;
}

/** Deletes everything the account owns (every account when null); returns rows deleted per table. */
export async function resetAccount(store: Store, account: string | null): Promise<Record<string, number>> {
  const tables = await tablesOf(store);
  const deleted = await store.db.transaction().execute((trx) => deleteAccount(trx, tables, account));
  await store.durable();
  return deleted;
}

export async function exportAccount(store: Store, account: string, now: number): Promise<AccountExport> {
  const tables = (await tablesOf(store)).filter((t) => !NOT_EXPORTED.has(t.name));
  const out: AccountExport = { object: 'invoicekit.account_export', format: EXPORT_FORMAT, account, exported_at: now, tables: {} };
  // One transaction: a consistent snapshot across tables (on PostgreSQL, read committed per statement otherwise).
  await store.db.transaction().execute(async (trx) => {
    for (const t of tables) {
      let q = trx.selectFrom(t.name as any).select(t.columns as any).where('account' as any, '=', account);
      for (const c of t.ordered ? ['seq'] : t.columns) q = q.orderBy(c as any);
      const json = JSON_COLUMNS[t.name] ?? [];
      const rows = (await q.execute()) as Record<string, unknown>[];
      for (const row of rows) {
        for (const c of json) if (typeof row[c] === 'string') row[c] = JSON.parse(row[c] as string);
        // PostgreSQL's bigint columns come back as numbers already (db.ts); SQLite's too.
      }
      out.tables[t.name] = rows;
    }
  });
  return out;
}

/** Why `doc` is not an export this server can import, or null. */
export function exportProblem(doc: unknown, tables: AccountTable[]): string | null {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'The body must be a JSON object made by GET /_invoicekit/export.';
  const d = doc as Partial<AccountExport>;
  if (d.object !== 'invoicekit.account_export') return 'The body must be an InvoiceKit account export (object: "invoicekit.account_export").';
  if (d.format !== EXPORT_FORMAT) return `Unsupported export format ${String(d.format)}; this server reads format ${EXPORT_FORMAT}.`;
  if (typeof d.tables !== 'object' || d.tables === null) return 'The export has no tables.';
  const known = new Map(tables.map((t) => [t.name, t]));
  for (const [name, rows] of Object.entries(d.tables)) {
    const t = known.get(name);
    if (!t || NOT_EXPORTED.has(name)) return `Unknown table in export: ${name}.`;
    if (!Array.isArray(rows)) return `Table ${name} must be an array of rows.`;
    for (const row of rows) {
      if (typeof row !== 'object' || row === null || Array.isArray(row)) return `Every row of ${name} must be an object.`;
      for (const c of Object.keys(row)) if (!t.columns.includes(c)) return `Unknown column ${c} in table ${name}.`;
    }
  }
  return null;
}

/** Replaces the account's data with the export's (the export may come from another account). */
export async function importAccount(store: Store, account: string, doc: unknown): Promise<{ error: string } | { imported: Record<string, number> }> {
  const tables = await tablesOf(store);
  const problem = exportProblem(doc, tables);
  if (problem) return { error: problem };
  const data = (doc as AccountExport).tables;
  const imported: Record<string, number> = {};
  try {
    await store.db.transaction().execute(async (trx) => {
      await deleteAccount(trx, tables, account);
      for (const t of tables) {
        const rows = data[t.name];
        if (!rows || rows.length === 0) continue;
        const json = JSON_COLUMNS[t.name] ?? [];
        const values = rows.map((row) => {
          const v: Record<string, unknown> = { account };
          // A JSON column is stored as JSON.stringify writes it, whatever spacing or key order the file has: a list answers
          // the stored text as it is (http/list.ts). A text that is not JSON fails the import.
          for (const c of t.columns) if (c in row) v[c] = json.includes(c) ? JSON.stringify(typeof row[c] === 'string' ? JSON.parse(row[c]) : row[c]) : row[c];
          return v;
        });
        // In slices: SQLite allows at most 32766 bound values per statement.
        const per = Math.max(1, Math.floor(2000 / (t.columns.length + 1)));
        for (let i = 0; i < values.length; i += per) await trx.insertInto(t.name as any).values(values.slice(i, i + per) as any).execute();
        imported[t.name] = rows.length;
      }
      await reindexAccount(trx, account);
    });
  } catch (err) {
    // A hand-edited file can break a constraint (a duplicate id, a missing column): nothing was applied.
    return { error: `The export could not be imported, nothing was changed: ${(err as Error).message}` };
  }
  await store.durable();
  return { imported };
}
