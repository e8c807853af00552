// The tables that hold an account's data: every table with an `account` column, found in the
// database itself, so a table that a new resource or migration adds is reset and exported
// without anyone having to remember this file.
import { sql } from 'kysely';
import type { Db, Dialect } from './db.ts';

export interface AccountTable {
  name: string;
  /** Column names, without `account`. */
  columns: string[];
  /** A generated insertion-order column (`seq`): not exported, rows kept in its order instead. */
  ordered: boolean;
}

export async function accountTables(db: Db, dialect: Dialect): Promise<AccountTable[]> {
  const byTable = new Map<string, string[]>();
  if (dialect === 'postgres') {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
    for (const r of rows) byTable.set(r.table_name, [...(byTable.get(r.table_name) ?? []), r.column_name]);
  } else {
    const { rows: tables } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
    for (const t of tables) {
      const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${t.name})`.execute(db);
      byTable.set(t.name, rows.map((r) => r.name));
    }
  }
  const out: AccountTable[] = [];
  for (const [name, columns] of byTable) {
    if (!columns.includes('account')) continue;
    out.push({ name, columns: columns.filter((c) => c !== 'account' && c !== 'seq'), ordered: columns.includes('seq') });
  }
  return out;
}
