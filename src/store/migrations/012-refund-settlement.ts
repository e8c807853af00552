// Refunds whose status moves on later (resources/refunds/settle-job.ts): the test cards'
// pending refunds succeed, and `pm_card_refundFail`'s fail, when their row comes due.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table refund_settlement (
    account text not null,
    refund text not null,
    run_at bigint not null,
    primary key (account, refund)
  )`.execute(db);
  await sql`create index refund_settlement_run_at on refund_settlement (run_at)`.execute(db);
}
