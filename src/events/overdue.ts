// invoice.overdue: once for each open send_invoice invoice whose due date has passed.
// Stripe sends it "X number of days after an invoice becomes due", X being an automation
// setting; InvoiceKit has no automations, so X is 0. Automatic events carry no request.
// record.ts keeps invoice_due_watch in step with the invoices' own events.
import type { Clock } from '../http/context.ts';
import type { Config } from '../config.ts';
import type { Store } from '../store/db.ts';
import { getObject, type StoredObject } from '../store/objects.ts';
import { eventSnapshot, eventsRecorded, insertEvents, type EventRowInput } from './record.ts';
import { renderCtx, versionOf } from './render-event.ts';
import { hooksDb } from './tables.ts';
import { defaultVersionOf } from '../accounts/default-version.ts';

/** Records invoice.overdue for every watched invoice now past due; returns how many. */
export async function sweepOverdue(store: Store, config: Pick<Config, 'apiVersion'>, clock: Clock, batch = 100): Promise<number> {
  const now = clock.now();
  let total = 0;
  for (;;) {
    const n = await store.db.transaction().execute(async (trx) => {
      const db = hooksDb(trx);
      let q = db
        .selectFrom('invoice_due_watch')
        .select(['account', 'invoice', 'due_date'])
        .where('notified', '=', 0)
        .where('due_date', '<', now)
        .orderBy('due_date')
        .limit(batch);
      if (store.dialect === 'postgres') q = q.forUpdate().skipLocked();
      const due = await q.execute();
      const events: EventRowInput[] = [];
      for (const w of due) {
        const inv = await getObject<StoredObject>(trx, w.account, 'invoice', w.invoice);
        const where = db.updateTable('invoice_due_watch').where('account', '=', w.account).where('invoice', '=', w.invoice);
        if (!inv || inv.status !== 'open' || inv.collection_method !== 'send_invoice' || inv.due_date !== Number(w.due_date)) {
          // Out of step (should not happen): forget it; the invoice's next event re-adds it if due.
          await db.deleteFrom('invoice_due_watch').where('account', '=', w.account).where('invoice', '=', w.invoice).execute();
          continue;
        }
        const version = await defaultVersionOf(trx, w.account, versionOf(config.apiVersion));
        const ctx = renderCtx(trx, store.dialect, w.account, version, now);
        events.push({
          account: w.account,
          type: 'invoice.overdue',
          created: now,
          apiVersion: version,
          requestId: null,
          idempotencyKey: null,
          object: await eventSnapshot(ctx, inv),
          previousAttributes: null,
        });
        await where.set({ notified: 1 }).execute();
      }
      if (events.length > 0) await insertEvents(trx, events);
      return { seen: due.length, recorded: events.length };
    });
    total += n.recorded;
    if (n.seen < batch) break;
  }
  if (total > 0) eventsRecorded();
  return total;
}
