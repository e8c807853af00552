// POST /v1/subscriptions: the items, the first period (or trial), and the first invoice
// (`billing_reason: subscription_create`), finalized and paid in the same request when charged
// automatically, as `payment_behavior` says.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { newId } from '../../store/ids.ts';
import { boundary } from '../../billing/billing-period.ts';
import { anchorFromConfig, cycleReference } from '../../billing/anchor-config.ts';
import { customerRef, lockCustomer, saveCustomer } from '../customers/service.ts';
import { checkOwnedBy } from '../payment-methods/service.ts';
import { resolveDiscounts } from '../discounts/service.ts';
import { loadInvoice } from '../invoices/service.ts';
import { checkCycle, itemPrice, newItem } from './items.ts';
import { taxRateSnapshots } from '../invoice-items/tax-rates.ts';
import { invoiceFor, payNow } from './billing.ts';
import { firstLines, firstPeriod } from './first-period.ts';
import { recordInvoiceDebits } from './debits.ts';
import { setPendingInterval } from './pending-interval.ts';
import { isMixed, mixedAllowed, shortestPeriod } from './mixed-interval.ts';
import { insertSubscription, saveSubscription } from './state.ts';
import { itemRefs } from './repository.ts';
import type { Subscription } from './model.ts';
import type { CreateSubscription } from './params.ts';
import { cancelAtProrations } from './cancel-at-prorations.ts';
import { isCancelAtEnum, parseCancelAt, resolveCancelAt } from './cancel-at.ts';
import { addInvoiceItems } from './add-invoice-items.ts';

const DAY = 86_400;
/** "Trial ≤ 730 days" (Stripe subscriptions/trials). */
const MAX_TRIAL = 730 * DAY;

/** `now` or a unix time, as `trial_end` takes it. */
export function parseTrialEnd(raw: string | undefined, now: number): number | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'now') return now;
  if (!/^\d+$/.test(raw)) throw errors.invalidRequest(`Invalid timestamp: must be an integer Unix timestamp in the future, or \`now\`.`, 'trial_end');
  return Number(raw);
}

export async function createSubscription(ctx: Ctx, p: CreateSubscription): Promise<Subscription> {
  if (p.customer === undefined) {
    if (p.customer_account !== undefined) throw errors.resourceMissing('account', p.customer_account, 'customer_account');
    throw errors.missingParam('customer');
  }
  const customer = await customerRef(ctx, p.customer);
  if (p.items === undefined || p.items.length === 0) throw errors.missingParam('items');
  if (p.items.length > 20) throw errors.tooManyItems('items', 20);
  if (p.payment_behavior === 'pending_if_incomplete')
    throw errors.invalidRequest('`payment_behavior=pending_if_incomplete` is only supported when updating a subscription.', 'payment_behavior');
  if (p.proration_behavior === 'always_invoice')
    throw errors.invalidEnum('proration_behavior', ['create_prorations', 'none']);
  if (p.default_source !== undefined) throw errors.resourceMissing('source', p.default_source, 'default_source');
  const collection = p.collection_method ?? 'charge_automatically';
  if (p.days_until_due !== undefined && collection !== 'send_invoice')
    throw errors.invalidRequest('days_until_due can only be set when collection_method is send_invoice.', 'days_until_due');
  if (p.cancel_at !== undefined && p.cancel_at !== null && p.cancel_at_period_end) throw errors.onlyOneOf(['cancel_at', 'cancel_at_period_end']);
  if (p.trial_end !== undefined && p.trial_period_days !== undefined) throw errors.onlyOneOf(['trial_end', 'trial_period_days']);
  const cancelAt = parseCancelAt(p.cancel_at);
  const cancelling = p.cancel_at_period_end || (cancelAt ?? null) !== null;

  const id = newId('sub');
  const now = ctx.now;
  // The first item decides currency and interval; the rest must match (checked after each price resolves).
  const prices = [];
  for (const [i, item] of p.items.entries()) prices.push(await itemPrice(ctx, item, `items[${i}]`));
  const first = prices[0];
  const shape = { currency: first.currency, internal: { interval: { interval: first.recurring!.interval, interval_count: first.recurring!.interval_count } } };
  // Flexible billing mode may mix intervals (from 2025-07-30.basil): each item then has its own period.
  const mode = p.billing_mode?.type ?? (ctx.hints?.classicBilling ? 'classic' : 'flexible');
  for (const [i, price] of prices.entries()) checkCycle(shape, price, `items[${i}]`, mixedAllowed(ctx, mode));
  const mixed = isMixed(prices.map((price) => ({ price })));
  if (p.currency !== undefined && p.currency !== first.currency) throw errors.invalidRequest(`The price specified only supports \`${first.currency}\`. This doesn't match the expected currency: \`${p.currency}\`.`, 'items[0][price]');
  if (customer.currency !== null && customer.currency !== first.currency)
    throw errors.invalidRequest(`The price specified only supports \`${first.currency}\`. This doesn't match the expected currency: \`${customer.currency}\`.`, 'items[0][price]');

  const { interval, interval_count: count } = shape.internal.interval;
  let trialEnd = parseTrialEnd(p.trial_end, now);
  if (trialEnd === undefined && p.trial_period_days !== undefined && p.trial_period_days > 0) trialEnd = now + p.trial_period_days * DAY;
  if (trialEnd === undefined && p.trial_from_plan && first.recurring!.trial_period_days) trialEnd = now + first.recurring!.trial_period_days * DAY;
  if (trialEnd !== undefined && trialEnd !== now && trialEnd < now) throw errors.invalidTimestampFuture('trial_end');
  if (trialEnd !== undefined && trialEnd - now > MAX_TRIAL)
    throw errors.invalidRequest('Subscription trials may not be longer than 730 days.', p.trial_end !== undefined ? 'trial_end' : 'trial_period_days');
  const trialing = trialEnd !== undefined && trialEnd > now;
  if (p.billing_cycle_anchor !== undefined && p.billing_cycle_anchor <= now) throw errors.invalidTimestampFuture('billing_cycle_anchor');
  if (p.billing_cycle_anchor !== undefined && boundary(now, interval, count, 1) < p.billing_cycle_anchor)
    throw errors.invalidRequest('billing_cycle_anchor cannot be later than next natural billing date for plan.', 'billing_cycle_anchor');
  const config = p.billing_cycle_anchor_config;
  if (config !== undefined) {
    if (p.billing_cycle_anchor !== undefined) throw errors.onlyOneOf(['billing_cycle_anchor', 'billing_cycle_anchor_config']);
    // "only valid with monthly and yearly price intervals".
    if (interval !== 'month' && interval !== 'year')
      throw errors.invalidRequest('`billing_cycle_anchor_config` is only valid with monthly and yearly price intervals.', 'billing_cycle_anchor_config');
    if (trialing) throw errors.notSupported('`billing_cycle_anchor_config` with a trial', 'billing_cycle_anchor_config');
  }
  if (mixed && (p.billing_cycle_anchor !== undefined || config !== undefined || p.backdate_start_date !== undefined))
    throw errors.notSupported('A billing cycle anchor or `backdate_start_date` with items of different intervals', p.backdate_start_date !== undefined ? 'backdate_start_date' : 'billing_cycle_anchor');
  const backdate = p.backdate_start_date;
  if (backdate !== undefined) {
    if (backdate >= now) throw errors.invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the past.', 'backdate_start_date');
    if (trialing) throw errors.invalidRequest('`backdate_start_date` cannot be combined with a trial.', p.trial_end !== undefined ? 'trial_end' : 'trial_period_days');
  }

  // The anchor: the trial's end, a future anchor (given or configured), or now.
  const future = p.billing_cycle_anchor ?? (config ? anchorFromConfig(now, config) : undefined);
  const fp = firstPeriod(now, {
    trialEnd,
    future,
    backdate,
    ref: config && future !== undefined ? cycleReference(future, config, interval, count) : undefined,
    interval,
    count,
  });
  const { anchor, period } = fp;

  const sub: Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: config
      ? { day_of_month: config.day_of_month, hour: config.hour ?? null, minute: config.minute ?? null, month: config.month ?? null, second: config.second ?? null }
      : null,
    // Versions before 2025-09-30.clover create classic subscriptions (versions/hints.ts).
    billing_mode: p.billing_mode
      ? { flexible: p.billing_mode.type === 'flexible' ? { proration_discounts: p.billing_mode.flexible?.proration_discounts ?? 'included' } : null, type: p.billing_mode.type, updated_at: now }
      : ctx.hints?.classicBilling
        ? { flexible: null, type: 'classic' }
        : { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: now },
    billing_thresholds: null,
    cancel_at: typeof cancelAt === 'number' ? cancelAt : null,
    cancel_at_period_end: p.cancel_at_period_end ?? false,
    canceled_at: cancelling ? now : null,
    cancellation_details: { comment: null, feedback: null, reason: cancelling ? 'cancellation_requested' : null },
    collection_method: collection,
    created: now,
    currency: first.currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: collection === 'send_invoice' ? (p.days_until_due ?? null) : null,
    default_payment_method: p.default_payment_method ? (await checkOwnedBy(ctx, p.default_payment_method, customer.id, 'default_payment_method')).id : null,
    default_source: null,
    default_tax_rates: p.default_tax_rates ? await taxRateSnapshots(ctx, p.default_tax_rates, 'default_tax_rates') : [],
    description: p.description || null,
    discounts: p.discounts ? await resolveDiscounts(ctx, p.discounts, { customer: customer.id, subscription: id }) : [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    metadata: applyMetadata({}, p.metadata),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: p.payment_settings?.save_default_payment_method ?? 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: backdate ?? now,
    status: trialing ? 'trialing' : 'incomplete',
    test_clock: customer.test_clock,
    transfer_data: null,
    trial_end: trialing ? trialEnd! : null,
    trial_settings: { end_behavior: { missing_payment_method: p.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice' } },
    trial_start: trialing ? now : null,
    internal: { interval: shape.internal.interval, period },
  };
  if (sub.cancel_at !== null && sub.cancel_at <= now) throw errors.invalidTimestampFuture('cancel_at');
  for (const [i, item] of p.items.entries()) {
    // Mixed intervals: each item's first period is its own interval from now (a trial ends them all together).
    const own = mixed && !fp.trialing ? { start: now, end: boundary(now, prices[i].recurring!.interval, prices[i].recurring!.interval_count, 1) } : period;
    sub.items.data.push(await newItem(ctx, sub, prices[i], item, `items[${i}]`, own));
  }
  if (mixed) sub.internal.period = shortestPeriod(sub.items.data);
  if (isCancelAtEnum(cancelAt)) sub.cancel_at = resolveCancelAt(cancelAt, sub.items.data);
  // Inserted first: customer.subscription.created comes before the invoice's events, showing the final state.
  await insertSubscription(ctx, sub);
  for (const item of sub.items.data) await itemRefs.insert(ctx, { id: item.id, object: 'subscription_item_ref', subscription: sub.id, created: now });

  if (customer.currency === null) {
    const fresh = await lockCustomer(ctx, customer.id);
    if (fresh && fresh.currency === null) {
      fresh.currency = sub.currency;
      await saveCustomer(ctx, fresh);
    }
  }

  // The first invoice: the trial's $0 lines, the stub up to a future anchor, the backdated time, the first whole period.
  const prorations = (p.proration_behavior ?? 'create_prorations') !== 'none';
  const lines = [];
  for (const item of sub.items.data) lines.push(...(await firstLines(ctx, sub, item, fp, prorations)));
  // A cancel_at inside the first period credits the time after it on the first invoice (classic:
  // no debit is recorded before that invoice). A trial's period costs nothing to credit.
  if (prorations && !trialing) await cancelAtProrations(ctx, sub, sub.cancel_at, 'classic');
  let inv = await invoiceFor(ctx, sub, customer, { billingReason: 'subscription_create', lines, pending: { kind: 'subscription' }, period: { start: now, end: now } });
  await addInvoiceItems(ctx, sub, p.add_invoice_items ?? [], inv.id);
  if (p.add_invoice_items?.length) inv = await loadInvoice(ctx, inv.id);

  sub.latest_invoice = inv.id;
  await recordInvoiceDebits(ctx, sub, inv.id);
  await setPendingInterval(ctx, sub, p.pending_invoice_item_interval);
  if (sub.collection_method === 'send_invoice') {
    // Finalized an hour later by automatic collection, like a renewal's; the subscription is active at once.
    if (!trialing) sub.status = 'active';
  } else {
    const outcome = await payNow(ctx, inv, p.payment_behavior ?? 'allow_incomplete');
    if (!trialing) sub.status = outcome.paid ? 'active' : 'incomplete';
  }
  await saveSubscription(ctx, sub);
  return sub;
}

export { dayOf } from './first-period.ts';
