// invoice.overdue: once for each open send_invoice invoice whose due date has passed.
// Stripe sends it "X number of days after an invoice becomes due", X being an automation
// setting; InvoiceKit has no automations, so X is 0. Automatic events carry no request.
// due-watch.ts keeps invoice_due_watch in step with the invoices' own events; this is the
// invoices module's background job, and its writes go through a unit of work like a request's.
import type { Clock, Ctx } from '../../http/context.ts';
import type { TimerHandler } from '../../work/timers.ts';
import { OVERDUE_TIMER } from './due-watch.ts';
import { invoices } from './repository.ts';
import { hooksDb } from '../../events/tables.ts';
import { LATEST } from '../../versions/registry.ts';
import { inUnitOfWork, type WorkEnv } from '../../work/run.ts';

/** Records invoice.overdue for every watched invoice now past due; returns how many. */
export async function sweepOverdue(env: WorkEnv, clock: Clock, batch = 100): Promise<number> {
  const now = clock.now();
  let total = 0;
  // Not one account's: each event is emitted for the invoice's own account.
  const base = { account: '', apiVersion: LATEST, requestId: '', idempotencyKey: null, now };
  for (;;) {
    const n = await inUnitOfWork(env, base, async (ctx) => {
      const db = hooksDb(ctx.db);
      let q = db
        .selectFrom('invoice_due_watch')
        .select(['account', 'invoice', 'due_date'])
        .where('notified', '=', 0)
        .where('test_clock', 'is', null)
        .where('due_date', '<', now)
        .orderBy('due_date')
        .limit(batch);
      if (ctx.work!.locksRows) q = q.forUpdate().skipLocked();
      const due = await q.execute();
      let recorded = 0;
      for (const w of due) {
        const inv = await invoices.get({ db: ctx.db, account: w.account, work: null }, w.invoice);
        const where = db.updateTable('invoice_due_watch').where('account', '=', w.account).where('invoice', '=', w.invoice);
        if (!inv || inv.status !== 'open' || inv.collection_method !== 'send_invoice' || inv.due_date !== Number(w.due_date)) {
          // Out of step (should not happen): forget it; the invoice's next event re-adds it if due.
          await db.deleteFrom('invoice_due_watch').where('account', '=', w.account).where('invoice', '=', w.invoice).execute();
          continue;
        }
        ctx.work!.emit('invoice.overdue', inv, w.account);
        recorded++;
        await where.set({ notified: 1 }).execute();
      }
      return { seen: due.length, recorded };
    });
    total += n.recorded;
    if (n.seen < batch) break;
  }
  return total;
}

/** An invoice of a test-clock customer: invoice.overdue when an advance passes its due date (ctx.now is the clock's). */
export const overdueTimer: TimerHandler = {
  kind: OVERDUE_TIMER,
  async run(ctx: Ctx, id: string) {
    const db = hooksDb(ctx.db);
    const w = await db.selectFrom('invoice_due_watch').select(['due_date', 'notified']).where('account', '=', ctx.account).where('invoice', '=', id).executeTakeFirst();
    const inv = await invoices.get(ctx, id);
    if (!w || w.notified || !inv || inv.status !== 'open' || inv.collection_method !== 'send_invoice' || inv.due_date !== Number(w.due_date)) return;
    if (Number(w.due_date) >= ctx.now) return;
    ctx.work!.emit('invoice.overdue', inv);
    await db.updateTable('invoice_due_watch').set({ notified: 1 }).where('account', '=', ctx.account).where('invoice', '=', id).execute();
  },
};
