// /v1/subscription_items: each operation is the matching change of its subscription's `items`
// (subscriptions/update.ts), so prorations, events and errors are the subscription's own.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import type { ListEnvelope } from '../../http/list.ts';
import { itemRefs } from '../subscriptions/repository.ts';
import { loadSubscription } from '../subscriptions/service.ts';
import { updateSubscription as update } from '../subscriptions/update.ts';
import { inObjectTime } from '../test-clocks/time.ts';
import type { UpdateSubscription } from '../subscriptions/params.ts';
import type { Subscription } from '../subscriptions/model.ts';
import type { SubscriptionItem } from '../subscriptions/model.ts';
import type { CreateSubscriptionItem, DeleteSubscriptionItem, ListSubscriptionItems, UpdateSubscriptionItem } from './params.ts';
import { updateIfPaid } from '../subscriptions/pending-update.ts';

/** The change, in the time of the subscription's test clock (if any). */
async function updateSubscription(ctx: Ctx, id: string, p: UpdateSubscription): Promise<Subscription> {
  return update(await inObjectTime(ctx, 'subscription', id), id, p);
}

async function subscriptionOf(ctx: Ctx, itemId: string): Promise<string> {
  const ref = await itemRefs.get(ctx, itemId);
  if (!ref) throw errors.resourceMissing('subscription_item', itemId, 'id', 404);
  return ref.subscription;
}

async function itemOf(ctx: Ctx, subId: string, itemId: string): Promise<SubscriptionItem> {
  const sub = await loadSubscription(ctx, subId);
  const item = sub?.items.data.find((i) => i.id === itemId);
  if (!item) throw errors.resourceMissing('subscription_item', itemId, 'id', 404);
  return item;
}

export async function retrieveSubscriptionItem(ctx: Ctx, id: string): Promise<SubscriptionItem> {
  return itemOf(ctx, await subscriptionOf(ctx, id), id);
}

export async function createSubscriptionItem(ctx: Ctx, p: CreateSubscriptionItem): Promise<SubscriptionItem> {
  const { subscription, payment_behavior, proration_behavior, proration_date, ...item } = p;
  if (!(await loadSubscription(ctx, subscription))) throw errors.resourceMissing('subscription', subscription, 'subscription');
  const sub = await updateSubscription(ctx, subscription, { items: [item], payment_behavior, proration_behavior, proration_date });
  // With pending_if_incomplete and the invoice unpaid, the new item exists only in the pending update.
  const pending = sub.pending_update?.subscription_items;
  return pending && payment_behavior === 'pending_if_incomplete' ? pending[pending.length - 1] : sub.items.data[sub.items.data.length - 1];
}

export async function updateSubscriptionItem(ctx: Ctx, id: string, p: UpdateSubscriptionItem): Promise<SubscriptionItem> {
  const { payment_behavior, proration_behavior, proration_date, off_session: _o, ...item } = p;
  const subId = await subscriptionOf(ctx, id);
  await updateSubscription(ctx, subId, { items: [{ ...item, id }], payment_behavior, proration_behavior, proration_date });
  return itemOf(ctx, subId, id);
}

export async function deleteSubscriptionItem(ctx: Ctx, id: string, p: DeleteSubscriptionItem): Promise<{ id: string; object: 'subscription_item'; deleted: true }> {
  const subId = await subscriptionOf(ctx, id);
  const change = { items: [{ id, deleted: true }], payment_behavior: p.payment_behavior, proration_behavior: p.proration_behavior, proration_date: p.proration_date };
  // pending_if_incomplete: the deletion waits for its invoice to be paid, like an item's creation or change.
  if (p.payment_behavior === 'pending_if_incomplete') await updateIfPaid(ctx, subId, change, updateSubscription, { itemDeletion: true });
  else await updateSubscription(ctx, subId, change);
  return { id, object: 'subscription_item', deleted: true };
}

export async function listSubscriptionItems(ctx: Ctx, p: ListSubscriptionItems): Promise<ListEnvelope<SubscriptionItem>> {
  const url = '/v1/subscription_items';
  const sub = await loadSubscription(ctx, p.subscription);
  if (!sub) throw errors.resourceMissing('subscription', p.subscription, 'subscription');
  if (p.starting_after !== undefined && p.ending_before !== undefined) throw errors.bothCursors();
  // At most 20 items: paged in memory, in the subscription's order.
  let items = sub.items.data;
  const cursor = p.starting_after ?? p.ending_before;
  if (cursor !== undefined) {
    const at = items.findIndex((i) => i.id === cursor);
    if (at < 0) throw errors.resourceMissing('subscription_item', cursor, p.starting_after !== undefined ? 'starting_after' : 'ending_before');
    items = p.starting_after !== undefined ? items.slice(at + 1) : items.slice(0, at);
  }
  const limit = p.limit ?? 10;
  const data = p.ending_before !== undefined ? items.slice(-limit) : items.slice(0, limit);
  return { object: 'list', data, has_more: items.length > data.length, url };
}
