// Ending a subscription: status `canceled` (customer.subscription.deleted), when and why.
import type { Ctx } from '../../http/context.ts';
import { saveSubscription } from './state.ts';
import type { Subscription } from './model.ts';

export async function endSubscription(
  ctx: Ctx,
  sub: Subscription,
  why: { reason: 'cancellation_requested' | 'payment_failed'; comment?: string | null; feedback?: string | null },
): Promise<void> {
  sub.status = 'canceled';
  sub.ended_at = ctx.now;
  sub.canceled_at ??= ctx.now;
  sub.cancel_at_period_end = false;
  sub.cancellation_details = {
    comment: why.comment ?? sub.cancellation_details?.comment ?? null,
    feedback: why.feedback ?? sub.cancellation_details?.feedback ?? null,
    reason: why.reason,
  };
  await saveSubscription(ctx, sub);
}
