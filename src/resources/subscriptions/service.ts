// Subscriptions: retrieve and list; create, update and cancel live in their own files.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import type { RangeInput } from '../../http/params.ts';
import { listPage, type ListEnvelope } from '../../http/list.ts';
import { findById } from '../lookup.ts';
import { subscriptions } from './repository.ts';
import { periodOf } from './state.ts';
import type { Subscription, SubscriptionStatus } from './model.ts';
import type { ListSubscriptions } from './params.ts';

export function retrieveSubscription(ctx: Ctx, id: string): Promise<Subscription> {
  return findById(ctx, subscriptions, id);
}

export function loadSubscription(ctx: Ctx, id: string): Promise<Subscription | undefined> {
  return subscriptions.get(ctx, id);
}

function inRange(value: number, r: RangeInput | undefined): boolean {
  if (r === undefined) return true;
  if (typeof r === 'number') return value === r;
  return (r.gt === undefined || value > r.gt) && (r.gte === undefined || value >= r.gte) && (r.lt === undefined || value < r.lt) && (r.lte === undefined || value <= r.lte);
}

/** Without `status`, Stripe lists every subscription that has not been canceled. */
function statusFilter(status: ListSubscriptions['status']): { column?: SubscriptionStatus; keep?: (s: SubscriptionStatus) => boolean } {
  if (status === 'all') return {};
  if (status === 'ended') return { keep: (s) => s === 'canceled' || s === 'incomplete_expired' };
  if (status === undefined) return { keep: (s) => s !== 'canceled' };
  return { column: status };
}

export async function listSubscriptions(ctx: Ctx, p: ListSubscriptions): Promise<ListEnvelope<Subscription>> {
  const url = '/v1/subscriptions';
  if (p.customer_account !== undefined) return { object: 'list', data: [], has_more: false, url };
  if (p.automatic_tax?.enabled) return { object: 'list', data: [], has_more: false, url };
  const status = statusFilter(p.status);
  const price = p.price ?? p.plan;
  if (p.price !== undefined && p.plan !== undefined) throw errors.onlyOneOf(['plan', 'price']);
  const needsKeep = status.keep || price !== undefined || p.collection_method !== undefined || p.current_period_end !== undefined || p.current_period_start !== undefined;
  return listPage(ctx, subscriptions, url, p, {
    created: p.created,
    where: {
      customer: p.customer,
      status: status.column,
      // Subscriptions on a test clock are listed only when asked for by clock or customer (Stripe's SubscriptionListParams.test_clock).
      tag: p.test_clock ?? (p.customer === undefined ? null : undefined),
    },
    keep: needsKeep
      ? (sub) =>
          (status.keep === undefined || status.keep(sub.status)) &&
          (price === undefined || sub.items.data.some((i) => i.price.id === price)) &&
          (p.collection_method === undefined || sub.collection_method === p.collection_method) &&
          inRange(periodOf(sub).end, p.current_period_end) &&
          inRange(periodOf(sub).start, p.current_period_start)
      : undefined,
  });
}
