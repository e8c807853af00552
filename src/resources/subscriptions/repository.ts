// Subscriptions in the objects table: `customer`, `status`, `num` when the renewal job next acts
// (its period end or cancel_at), `tag` its test clock. Each item has a pointer row (its id, its
// subscription in `ref`) so /v1/subscription_items/:id finds the subscription that holds it.
import { repository } from '../../store/repository.ts';
import type { Subscription } from './model.ts';

export const subscriptions = repository<Subscription>({
  type: 'subscription',
  columns: (sub) => ({ customer: sub.customer, status: sub.status, num: sub.internal.next_action_at ?? null, tag: sub.test_clock }),
});

export interface ItemRef {
  id: string;
  object: 'subscription_item_ref';
  subscription: string;
  created: number;
  [key: string]: unknown;
}

export const itemRefs = repository<ItemRef>({ type: 'subscription_item_ref', columns: (r) => ({ ref: r.subscription }) });
