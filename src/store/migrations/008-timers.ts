// Durable timers (work/timers.ts): one pending timer per (kind, object), on the server's clock
// (test_clock null) or on a test clock's. Automatic collection's schedule (007's
// invoice_collection) moves into it as kind `invoice.collection`, and its table goes. The
// due-date watch learns each invoice's test clock (those are overdue by a timer on the clock).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table timers (
    account text not null,
    kind text not null,
    object text not null,
    test_clock text,
    run_at bigint not null,
    primary key (account, kind, object)
  )`.execute(db);
  await sql`create index timers_clock_run_at on timers (test_clock, run_at)`.execute(db);
  await sql`insert into timers (account, kind, object, test_clock, run_at)
    select account, 'invoice.collection', invoice, null, run_at from invoice_collection`.execute(db);
  await sql`drop table invoice_collection`.execute(db);
  // Invoices of test-clock customers become overdue in their clock's time, by a timer on it.
  await sql`alter table invoice_due_watch add column test_clock text`.execute(db);
  // Test clocks left advancing, found by every process's resume job without a scan of all objects.
  await sql`create index objects_advancing on objects (type) where status = 'advancing'`.execute(db);
}
