import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../db.ts';

// Webhook delivery: a durable cursor over the events outbox, one row per (event, endpoint)
// delivery with its retry state, and the open send_invoice invoices awaiting invoice.overdue.
// Webhook endpoints themselves are objects like any other (type webhook_endpoint).
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = dialect === 'postgres' ? sql`bigint generated always as identity primary key` : sql`integer primary key autoincrement`;
  await sql`create table webhook_deliveries (
    id ${id},
    account text not null,
    event_seq bigint not null,
    endpoint text not null,
    status text not null,
    attempts integer not null,
    next_attempt bigint not null,
    last_status integer,
    last_error text,
    created bigint not null,
    updated bigint not null
  )`.execute(db);
  // Claims read one endpoint's due rows: only pending rows are in that index, so a delivered
  // row leaves it and its status never has to be kept in order. pending_webhooks counts an event's rows.
  await sql`create index webhook_deliveries_due on webhook_deliveries (endpoint, next_attempt) where status = 'pending'`.execute(db);
  await sql`create index webhook_deliveries_event on webhook_deliveries (event_seq)`.execute(db);

  await sql`create table webhook_state (name text primary key, value text not null)`.execute(db);
  // Events recorded before webhooks existed had nowhere to go: delivery starts after them.
  await sql`insert into webhook_state (name, value) select 'cursor', cast(coalesce(max(seq), 0) as text) from events`.execute(db);

  await sql`create table invoice_due_watch (
    account text not null,
    invoice text not null,
    due_date bigint not null,
    notified integer not null default 0,
    primary key (account, invoice)
  )`.execute(db);
  await sql`create index invoice_due_watch_due on invoice_due_watch (notified, due_date)`.execute(db);
  await sql`insert into invoice_due_watch (account, invoice, due_date)
    select account, id, num from objects
    where type = 'invoice' and status = 'open' and tag = 'send_invoice' and num is not null`.execute(db);
}
