// `subscription_details[billing_mode]` when previewing an existing subscription: the same mode is
// nothing to preview; classic → flexible previews the change after a migration (the real
// /migrate, inside the preview's rolled-back transaction); flexible → classic is what Stripe
// refuses to migrate ("You can't migrate a subscription from flexible billing mode to classic").
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { migrateSubscription } from './migrate.ts';
import type { CreateSubscription } from './params.ts';
import type { Subscription } from './model.ts';

export async function previewBillingMode(ctx: Ctx, sub: Subscription, mode: CreateSubscription['billing_mode']): Promise<void> {
  if (mode === undefined || mode.type === sub.billing_mode.type) return;
  if (mode.type === 'classic')
    throw errors.invalidRequest(`Subscription ${sub.id} uses flexible billing mode, which can't be changed back to classic.`, 'subscription_details[billing_mode][type]');
  await migrateSubscription(ctx, sub.id, { billing_mode: { type: 'flexible', flexible: mode.flexible } });
}
