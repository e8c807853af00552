// Automatic collection, on the invoice's clock:
// auto-advancing invoices are finalized an hour after creation and, charged automatically,
// charged; failed payments are retried on the retry schedule, and after the last failure the
// invoice is left open, marked uncollectible or voided (--after-final-retry). Each invoice has
// at most one durable timer of kind `invoice.collection` (work/timers.ts) saying when its next
// step is due; scheduleCollection keeps it in step with the invoices' events in their own units
// of work, on the clock of the invoice's customer (real time, or its test clock). Each step fires
// in a unit of work of its own, exactly once across processes (see timers.ts).
import type { Ctx } from '../../http/context.ts';
import type { StoredObject } from '../../store/objects.ts';
import type { PendingEvent } from '../../events/from-changes.ts';
import { collectionRunAt, type CollectableInvoice } from '../../billing/payment-retries.ts';
import { setTimer, type TimerHandler } from '../../work/timers.ts';
import { finalizeDraft, voidLocked } from './finalize.ts';
import { chargeInvoice, invoicePaymentMethod } from './collect.ts';
import { saveInvoice } from './totals.ts';
import { invoices } from './repository.ts';

export const COLLECTION_TIMER = 'invoice.collection';

/** afterRecord: keeps each changed invoice's collection timer in step with it, on its customer's clock. */
export async function scheduleCollection(ctx: Ctx, events: readonly PendingEvent[]): Promise<void> {
  const last = new Map<string, { obj: StoredObject; deleted: boolean }>();
  for (const e of events) if (e.object.object === 'invoice') last.set(e.object.id, { obj: e.object, deleted: e.type === 'invoice.deleted' });
  for (const [id, { obj, deleted }] of last) {
    const runAt = deleted ? null : collectionRunAt(obj as unknown as CollectableInvoice);
    const testClock = typeof obj.test_clock === 'string' ? obj.test_clock : null;
    await setTimer(ctx, { kind: COLLECTION_TIMER, object: id, runAt, testClock });
  }
}

/** One due step of one invoice: finalize a draft, charge an open invoice, act after the last retry. */
async function collectOne(ctx: Ctx, id: string): Promise<void> {
  let inv = await invoices.getForUpdate(ctx, id);
  if (!inv) return;
  const due = collectionRunAt(inv);
  if (due === null || due > ctx.now) return;
  if (inv.status === 'draft') {
    inv = await finalizeDraft(ctx, inv);
    // invoice.finalized before the payment's events.
    ctx.work?.checkpoint('invoice', inv.id);
  }
  if (inv.status !== 'open' || inv.amount_remaining === 0 || inv.collection_method !== 'charge_automatically') return;
  const pm = await invoicePaymentMethod(ctx, inv, undefined);
  if (pm) {
    if ((await chargeInvoice(ctx, inv, pm, true)) === null) return;
  } else {
    // "due to ... the lack of a stored payment method"; Smart Retries do not retry without one.
    inv.attempted = true;
    inv.attempt_count += 1;
    inv.next_payment_attempt = null;
    await saveInvoice(ctx, inv);
    ctx.work?.emitFor('invoice.payment_failed', inv);
  }
  if (inv.next_payment_attempt !== null) return;
  const action = ctx.config?.afterFinalRetry ?? 'leave_open';
  if (action === 'void') await voidLocked(ctx, inv);
  else if (action === 'mark_uncollectible') {
    inv.status = 'uncollectible';
    inv.status_transitions.marked_uncollectible_at = ctx.now;
    inv.auto_advance = false;
    await saveInvoice(ctx, inv);
  }
}

/** The invoices module's timer: one due step of automatic collection. */
export const collectionTimer: TimerHandler = { kind: COLLECTION_TIMER, run: collectOne };
