// The next renewal's invoice without making it: the renewal step's own decisions
// (renewal-step.ts) on a copy of the subscription at the time of its next action, and the
// draft the renewal would create, computed in memory (draftSubscriptionInvoice). Nothing is
// written, so the `invoice.upcoming` notice needs no savepoint.
import type { Ctx } from '../../http/context.ts';
import { draftSubscriptionInvoice } from '../invoices/subscription-invoice.ts';
import type { Invoice, LineItem } from '../invoices/model.ts';
import { holdInvoice, renewalDraftHold, renewalInvoiceSpec, renewalStep } from './renewal-step.ts';
import { nextActionAt } from './state.ts';
import { cutsPeriod } from './cancel-at-prorations.ts';
import type { Subscription } from './model.ts';

export type NextRenewal =
  | { kind: 'draft'; invoice: Invoice; lines: LineItem[] }
  /** The step due next makes no invoice (a deadline, an expiry, an end without a scheduled cancellation, a pause). */
  | { kind: 'none' }
  /**
   * The step writes what the in-memory draft cannot show: paused collection finalizes the renewal (void
   * or uncollectible), a `cancel_at` inside the new period credits it (cancel-at-prorations.ts), a
   * scheduled cancellation invoices pending prorations (end.ts). Only the step itself, run at `at` and
   * rolled back, shows it.
   */
  | { kind: 'written'; at: number };

export async function draftNextRenewal(ctx: Ctx, stored: Subscription): Promise<NextRenewal> {
  const due = nextActionAt(stored);
  if (due === null) return { kind: 'none' };
  const at: Ctx = { ...ctx, now: Math.max(due, ctx.now) };
  // The step moves the subscription on; the stored one (and the transaction's copy of it) stays as it is.
  const sub = structuredClone(stored);
  const step = await renewalStep(at, sub);
  // A scheduled cancellation invoices the period's pending prorations (a cancel_at credit among them): the step itself shows them.
  if (step.kind === 'end' && step.cancel) return { kind: 'written', at: at.now };
  if (step.kind !== 'renew') return { kind: 'none' };
  const hold = renewalDraftHold(sub, at.now);
  if (hold.finalize !== null) return { kind: 'written', at: at.now };
  if (step.renewing.some((item) => cutsPeriod(item, sub.cancel_at))) return { kind: 'written', at: at.now };
  const drafted = await draftSubscriptionInvoice(at, await renewalInvoiceSpec(at, sub, step));
  if (hold.hold) holdInvoice(drafted.invoice);
  return { kind: 'draft', ...drafted };
}
