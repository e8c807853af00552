import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.ts';

// Events are an outbox: written in the same transaction as the change that
// caused them, read later by the webhook deliverer in seq order.
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const seq = dialect === 'postgres' ? sql`bigint generated always as identity primary key` : sql`integer primary key autoincrement`;
  await sql`create table events (
    seq ${seq},
    account text not null,
    id text not null,
    type text not null,
    created bigint not null,
    api_version text not null,
    request_id text,
    idempotency_key text,
    object text not null,
    previous_attributes text
  )`.execute(db);
  await sql`create unique index events_account_id on events (account, id)`.execute(db);
  await sql`create index events_account_seq on events (account, seq)`.execute(db);
  await sql`create index events_type on events (account, type, seq)`.execute(db);
}
