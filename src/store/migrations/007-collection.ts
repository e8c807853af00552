// Automatic collection (resources/invoices/collection-job.ts): when each auto-advancing,
// automatically charged invoice is next finalized or charged. Kept in step with the
// invoices' events in the same transaction as the change.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table invoice_collection (
    account text not null,
    invoice text not null,
    run_at bigint not null,
    primary key (account, invoice)
  )`.execute(db);
  await sql`create index invoice_collection_run_at on invoice_collection (run_at)`.execute(db);
}
