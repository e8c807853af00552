import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.ts';
import { searchTables } from '../../search/tables/index.ts';
import { reindexType } from '../../search/index-writer.ts';

// The search index (src/search/): one row per searchable object and field value,
// beside the object's seq so that results come out newest first by index.
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const num = dialect === 'postgres' ? sql`double precision` : sql`real`;
  // Byte order, as SQLite compares: a whole-word match is a range of word suffixes (src/search/compile.ts).
  const bytewise = dialect === 'postgres' ? sql` collate "C"` : sql``;
  await sql`create table search_terms (
    account text not null,
    type text not null,
    id text not null,
    seq bigint not null,
    field text not null,
    value text${bytewise},
    text text,
    num ${num}
  )`.execute(db);
  // A query walks one clause's rows newest first (src/search/compile.ts): exact matches by value,
  // any other clause by field; the other clauses are point lookups into the same two indexes.
  await sql`create index search_terms_value on search_terms (account, type, field, value, seq)`.execute(db);
  // The walk reads num and text from the index alone on SQLite (a substring scan of 100,000 rows stays
  // in one index). PostgreSQL caps an index entry near 2.7 kB and text can be longer: it reads text
  // from the table.
  const covering = dialect === 'postgres' ? sql`(account, type, field, seq) include (num)` : sql`(account, type, field, seq, num, text)`;
  await sql`create index search_terms_seq on search_terms ${covering}`.execute(db);
  await sql`create index search_terms_id on search_terms (account, id)`.execute(db);
  for (const table of searchTables) await reindexType(db, table);
}
