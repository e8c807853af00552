import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.ts';

// Per-account settings: the account's default API version, taken from the
// server's --api-version when the account is first used, changed by a test helper.
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  await sql`create table account_settings (
    account text primary key,
    default_api_version text not null,
    created bigint not null
  )`.execute(db);
}
