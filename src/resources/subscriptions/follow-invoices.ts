// A subscription's status follows its latest invoice's payments (Stripe's Subscription.status):
// paid → `active` (from incomplete, past_due or unpaid); a failed automatic payment of a renewal
// or update → `past_due`; the last retry failed → `canceled` (Stripe's default subscription
// setting, "cancel the subscription"). Runs before the unit's events are derived, so the
// subscription's change has its events after the invoice's.
import type { Ctx } from '../../http/context.ts';
import type { ObjectChange } from '../../work/change-log.ts';
import type { Invoice } from '../invoices/model.ts';
import { subscriptions } from './repository.ts';
import { saveSubscription } from './state.ts';
import { endSubscription } from './end.ts';

export async function followInvoices(ctx: Ctx, changes: readonly ObjectChange[]): Promise<void> {
  for (const change of changes) {
    if (change.type !== 'invoice' || change.after === null) continue;
    const after = change.after as unknown as Invoice;
    const subId = after.parent?.subscription_details?.subscription;
    if (!subId) continue;
    const before = change.before as unknown as Invoice | null;
    const sub = await subscriptions.getForUpdate(ctx, subId);
    if (!sub || sub.latest_invoice !== after.id) continue;
    if (after.status === 'paid') {
      if (sub.status === 'incomplete' || sub.status === 'past_due' || sub.status === 'unpaid') {
        sub.status = 'active';
        await saveSubscription(ctx, sub);
      }
      continue;
    }
    if (after.billing_reason === 'subscription_create') continue;
    const failedNow = after.attempt_count > (before?.attempt_count ?? 0) && after.status !== 'draft';
    if (failedNow && (sub.status === 'active' || sub.status === 'trialing')) {
      sub.status = 'past_due';
      await saveSubscription(ctx, sub);
    }
    // Retries were scheduled and none is left (a first failure from a draft never ends it at once).
    const exhausted = failedNow && (before?.next_payment_attempt ?? null) !== null && after.next_payment_attempt === null;
    if (exhausted && sub.status === 'past_due') await endSubscription(ctx, sub, { reason: 'payment_failed' });
  }
}
