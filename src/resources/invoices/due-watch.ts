// invoice_due_watch kept in step with invoices, from the events a unit of work
// records: the invoices module's afterRecord hook. overdue.ts sweeps it on the server's clock;
// an invoice of a test-clock customer is checked by a timer on that clock instead.
import { sql } from 'kysely';
import type { Ctx } from '../../http/context.ts';
import type { PendingEvent } from '../../events/from-changes.ts';
import type { StoredObject } from '../../store/objects.ts';
import { hooksDb } from '../../events/tables.ts';
import { setTimer } from '../../work/timers.ts';

/** The overdue check of an invoice on a test clock. */
export const OVERDUE_TIMER = 'invoice.overdue';

/**
 * Keeps invoice_due_watch in step with invoices: an open send_invoice invoice with a due date is
 * watched for invoice.overdue (see overdue.ts); any other state is not. Only invoices whose
 * events this unit of work recorded can have changed; invoice.overdue
 * itself changes nothing (the sweep marks its own watch).
 */
export async function watchDueDates(ctx: Ctx, events: readonly PendingEvent[]): Promise<void> {
  const last = new Map<string, { obj: StoredObject; deleted: boolean }>();
  for (const e of events) if (e.object.object === 'invoice' && e.type !== 'invoice.overdue') last.set(e.object.id, { obj: e.object, deleted: e.type === 'invoice.deleted' });
  if (last.size === 0) return;
  const db = hooksDb(ctx.db);
  for (const [id, { obj, deleted }] of last) {
    // Invoices never go back to draft: a draft was never watched.
    if (obj.status === 'draft' && !deleted) continue;
    const due = obj.due_date;
    const testClock = typeof obj.test_clock === 'string' ? obj.test_clock : null;
    if (!deleted && obj.status === 'open' && obj.collection_method === 'send_invoice' && typeof due === 'number') {
      await db
        .insertInto('invoice_due_watch')
        .values({ account: ctx.account, invoice: id, due_date: due, test_clock: testClock })
        // A new due date may become overdue again; the same one was notified already or is still waiting.
        .onConflict((oc) =>
          oc.columns(['account', 'invoice']).doUpdateSet({
            due_date: due,
            test_clock: testClock,
            notified: sql<number>`case when invoice_due_watch.due_date = ${due} then invoice_due_watch.notified else 0 end`,
          }),
        )
        .execute();
      if (testClock !== null) {
        // On a test clock the check is a timer that fires when an advance passes the due date, unless already sent.
        const w = await db.selectFrom('invoice_due_watch').select('notified').where('account', '=', ctx.account).where('invoice', '=', id).executeTakeFirst();
        await setTimer(ctx, { kind: OVERDUE_TIMER, object: id, runAt: w?.notified ? null : due + 1, testClock });
      }
    } else {
      await db.deleteFrom('invoice_due_watch').where('account', '=', ctx.account).where('invoice', '=', id).execute();
      if (testClock !== null) await setTimer(ctx, { kind: OVERDUE_TIMER, object: id, runAt: null, testClock });
    }
  }
}
