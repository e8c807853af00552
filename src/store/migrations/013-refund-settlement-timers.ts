// Refund settlements become durable timers (kind `refund.settle`, resources/refunds/settle-job.ts),
// so that they follow a customer's test clock; the pending rows of 012's table move into timers
// on the server's clock, and the table goes. A test clock's timers are read in firing order
// (run_at, kind, object) by its advance: an index in that order, so that 10,000 timers due at one
// instant are not sorted again for each unit of the advance.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`insert into timers (account, kind, object, test_clock, run_at)
    select account, 'refund.settle', refund, null, run_at from refund_settlement`.execute(db);
  await sql`drop table refund_settlement`.execute(db);
  await sql`create index timers_clock_order on timers (account, test_clock, run_at, kind, object) where test_clock is not null`.execute(db);
}
