// Subscriptions: /v1/subscriptions (create, retrieve, update, cancel, resume, list), their
// `customer.subscription.*` events, the renewal job, and the subscription status that follows
// from its invoices' payments.
import { validate } from '../../http/params.ts';
import { errors } from '../../http/errors.ts';
import type { FormParams } from '../../http/form.ts';
import { addRoute, type Handler } from '../../http/route.ts';
import { nothing } from '../../http/expand.ts';
import type { ResourceModule } from '../module.ts';
import { inClockTime } from '../test-clocks/time.ts';
import { subscriptions } from './repository.ts';
import { loadCustomer } from '../customers/service.ts';
import { loadDiscount } from '../discounts/service.ts';
import { loadInvoiceObject } from '../invoices/service.ts';
import { loadPaymentMethod } from '../payment-methods/service.ts';
import { loadProduct } from '../products/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';
import { createSubscription } from './create.ts';
import { updateSubscription } from './update.ts';
import { cancelSubscription } from './cancel.ts';
import { pauseSubscription, resumeSubscription } from './pause.ts';
import { migrateSubscription } from './migrate.ts';
import { subscriptionEvents } from './events.ts';
import { followInvoices } from './follow-invoices.ts';
import { renewSubscription, trialWillEnd } from './renew.ts';
import { RENEW_TIMER, TRIAL_WILL_END_TIMER } from './state.ts';
import { invoicePendingItems, PENDING_ITEMS_TIMER } from './pending-interval.ts';
import { clockIntervalsOf } from './clock-intervals.ts';
import { UPCOMING_TIMER, upcomingRenewal } from './upcoming-event.ts';
import { deleteSubscriptionDiscount } from './discount.ts';

/**
 * Update's and resume's `billing_cycle_anchor`: `now`/`unchanged` before 2026-09-30.endive, `{type}` from it
 * (stripe-node 20+ sends the object). Both forms are taken at every version, like an additive change.
 */
function anchorType(p: FormParams): FormParams {
  const a = p.billing_cycle_anchor;
  if (typeof a !== 'object' || a === null || Array.isArray(a)) return p;
  const { type, ...rest } = a;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw errors.unknownParam(`billing_cycle_anchor[${extra}]`, ['type']);
  if (type === undefined) throw errors.missingParam('billing_cycle_anchor[type]');
  return { ...p, billing_cycle_anchor: type };
}

export const subscriptionsModule: ResourceModule = {
  name: 'subscriptions',
  requires: ['test-clocks', 'customers', 'prices', 'products', 'tax-rates', 'discounts', 'invoice-items', 'invoices', 'payment-methods'],
  objects: [
    {
      type: 'subscription',
      idPrefix: 'sub',
      columns: { customer: 'customer id', status: 'status', num: 'when the renewal job next acts', tag: 'test clock id' },
      events: { deleted: true, updated: true },
      derive: subscriptionEvents,
    },
    { type: 'subscription_item_ref', idPrefix: null, columns: { ref: 'subscription id' } },
  ],
  routes(app, deps) {
    // In the time of the subscription's (or the customer's) test clock, if any.
    const route = (method: 'GET' | 'POST' | 'DELETE', url: string, handler: Handler) => addRoute(app, deps, { method, url, handler: inClockTime('subscription', handler) });
    route('POST', '/v1/subscriptions', (ctx, p) => createSubscription(ctx, validate(params.createSubscription, p)));
    route('GET', '/v1/subscriptions', (ctx, p) => service.listSubscriptions(ctx, validate(params.listSubscriptions, p)));
    route('GET', '/v1/subscriptions/:id', (ctx, p, path) => (validate({}, p), service.retrieveSubscription(ctx, path.id)));
    route('POST', '/v1/subscriptions/:id', (ctx, p, path) => updateSubscription(ctx, path.id, validate(params.updateSubscription, anchorType(p))));
    route('DELETE', '/v1/subscriptions/:id', (ctx, p, path) => cancelSubscription(ctx, path.id, validate(params.cancelSubscription, p)));
    route('DELETE', '/v1/subscriptions/:id/discount', (ctx, p, path) => (validate({}, p), deleteSubscriptionDiscount(ctx, path.id)));
    route('POST', '/v1/subscriptions/:id/resume', (ctx, p, path) => resumeSubscription(ctx, path.id, validate(params.resumeSubscription, anchorType(p))));
    route('POST', '/v1/subscriptions/:id/pause', (ctx, p, path) => pauseSubscription(ctx, path.id, validate(params.pauseSubscription, p)));
    route('POST', '/v1/subscriptions/:id/migrate', (ctx, p, path) => migrateSubscription(ctx, path.id, validate(params.migrateSubscription, p)));
  },
  beforeRecord: followInvoices,
  timers: [
    { kind: RENEW_TIMER, run: renewSubscription },
    { kind: TRIAL_WILL_END_TIMER, run: trialWillEnd },
    { kind: PENDING_ITEMS_TIMER, run: invoicePendingItems },
    { kind: UPCOMING_TIMER, run: upcomingRenewal },
  ],
  // A test clock may advance at most two of its shortest subscription interval at a time.
  clockIntervals: async (ctx, testClock) => (await subscriptions.all(ctx, { tag: testClock })).flatMap(clockIntervalsOf),
  expandable: [
    { owner: 'subscription', path: 'customer', load: loadCustomer },
    { owner: 'subscription', path: 'latest_invoice', load: loadInvoiceObject },
    { owner: 'subscription', path: 'default_payment_method', load: loadPaymentMethod },
    { owner: 'subscription', path: 'discounts', load: loadDiscount },
    { owner: 'subscription_item', path: 'discounts', load: loadDiscount },
    { owner: 'subscription', path: 'items.data.price.product', load: loadProduct },
    { owner: 'subscription', path: 'test_clock', load: nothing },
    { owner: 'subscription', path: 'default_source', load: nothing },
    { owner: 'subscription', path: 'schedule', load: nothing },
    { owner: 'subscription', path: 'pending_setup_intent', load: nothing },
    { owner: 'subscription', path: 'on_behalf_of', load: nothing },
    { owner: 'subscription', path: 'application', load: nothing },
  ],
};
