import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.ts';
import { searchTables } from '../../search/tables/index.ts';
import { reindexType } from '../../search/index-writer.ts';

// The search index (src/search/): one row per searchable object and field value,
// beside the object's seq so that results come out newest first by index.
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const num = dialect === 'postgres' ? sql`double precision` : sql`real`;
  await sql`create table search_terms (
    account text not null,
    type text not null,
    id text not null,
    seq bigint not null,
    field text not null,
    value text,
    text text,
    num ${num}
  )`.execute(db);
  // Exact matches (tokens, metadata) seek on value; substring and word matches scan one field's range.
  await sql`create index search_terms_value on search_terms (account, type, field, value, seq)`.execute(db);
  await sql`create index search_terms_num on search_terms (account, type, field, num, seq) where num is not null`.execute(db);
  await sql`create index search_terms_id on search_terms (account, id)`.execute(db);
  for (const table of searchTables) await reindexType(db, table);
}
