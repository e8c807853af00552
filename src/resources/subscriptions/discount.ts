// DELETE /v1/subscriptions/:id/discount (stripe-node `deleteDiscount`): "Removes the currently
// applied discount on a subscription." Older versions show that discount as `discount` (one at
// most); with several in `discounts`, all go. Answers the deleted discount, as the customer's
// DELETE /discount does, and sends `customer.discount.deleted` with it, then
// `customer.subscription.updated`.
import type { Ctx } from '../../http/context.ts';
import { StripeError } from '../../http/errors.ts';
import { loadDiscount } from '../discounts/service.ts';
import type { StoredObject } from '../../store/objects.ts';
import { lockSubscription, saveSubscription } from './state.ts';

export async function deleteSubscriptionDiscount(ctx: Ctx, id: string): Promise<object> {
  const sub = await lockSubscription(ctx, id);
  const ids = sub.discounts;
  const first = ids.length > 0 ? ((await loadDiscount(ctx, ids[0])) as StoredObject | undefined) : undefined;
  if (!first) throw new StripeError({ status: 404, message: `Subscription ${sub.id} does not have a discount.`, code: 'resource_missing' });
  ctx.work?.emitFor('customer.discount.deleted', { ...first, subscription: sub.id });
  sub.discounts = [];
  await saveSubscription(ctx, sub);
  return { ...first, subscription: sub.id, deleted: true };
}
