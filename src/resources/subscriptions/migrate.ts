// POST /v1/subscriptions/:id/migrate: classic → flexible billing mode, never back ("You can't
// migrate a subscription from flexible billing mode to classic billing mode", Stripe's billing
// mode guide); `billing_mode.updated_at` says when the mode was adopted.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { lockSubscription, saveSubscription } from './state.ts';
import { ENDED, type Subscription } from './model.ts';
import type { MigrateSubscription } from './params.ts';

export async function migrateSubscription(ctx: Ctx, id: string, p: MigrateSubscription): Promise<Subscription> {
  const sub = await lockSubscription(ctx, id);
  if (ENDED.has(sub.status)) throw errors.invalidRequest(`This subscription has already been canceled: ${sub.id}. A canceled subscription can't be migrated.`);
  if (sub.billing_mode.type === 'flexible')
    throw errors.invalidRequest(`Subscription ${sub.id} already uses flexible billing mode.`, 'billing_mode[type]');
  sub.billing_mode = { flexible: { proration_discounts: p.billing_mode.flexible?.proration_discounts ?? 'included' }, type: 'flexible', updated_at: ctx.now };
  await saveSubscription(ctx, sub);
  return sub;
}
