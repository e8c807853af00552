// A subscription's items: which recurring price each bills (an existing one, or one made from
// `price_data`), how many, with which tax rates and discounts; the legacy Plan view of a price;
// and what one period of an item costs.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { newId } from '../../store/ids.ts';
import { lineAmount } from '../../billing/decimal-amount.ts';
import { formatAmount } from '../../billing/format-amount.ts';
import { sameCycle } from '../../billing/billing-period.ts';
import { createInlinePrice, priceRef } from '../prices/service.ts';
import type { Price } from '../prices/model.ts';
import { taxRateSnapshots } from '../invoice-items/tax-rates.ts';
import type { TaxRateSnapshot } from '../invoice-items/model.ts';
import { resolveDiscounts } from '../discounts/service.ts';
import type { ItemParams } from './params.ts';
import type { Plan, Subscription, SubscriptionItem } from './model.ts';

/** Stripe's words when items disagree (stripe/stripe-node#682). */
export function cycleMismatch(field: 'currency' | 'interval', param: string) {
  return errors.invalidRequest(`Currency and interval fields must match across all plans on this subscription. Found mismatch in ${field} field.`, param);
}


/** The recurring price an item names: `price`, `plan` (the same ids here) or `price_data`. */
export async function itemPrice(ctx: Ctx, p: ItemParams, param: string): Promise<Price> {
  const given = (['plan', 'price', 'price_data'] as const).filter((k) => p[k] !== undefined);
  if (given.length === 0) throw errors.invalidRequest('You must pass one of plan, price, or price_data.', param);
  if (given.length > 1) throw errors.onlyOneOf(given.map((k) => `${param}[${k}]`));
  if (p.price_data !== undefined) {
    const d = p.price_data;
    if (d.unit_amount !== undefined && d.unit_amount_decimal !== undefined)
      throw errors.onlyOneOf([`${param}[price_data][unit_amount]`, `${param}[price_data][unit_amount_decimal]`]);
    return createInlinePrice(ctx, d, `${param}[price_data]`);
  }
  const key = given[0] as 'plan' | 'price';
  const price = await priceRef(ctx, p[key]!, `${param}[${key}]`);
  if (!price.active) throw errors.invalidRequest('The price specified is inactive. This field only accepts active prices.', `${param}[${key}]`);
  if (price.type !== 'recurring' || price.recurring === null)
    throw errors.invalidRequest('The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.', `${param}[${key}]`);
  return price;
}

/** Every item's price must share the subscription's currency, and its interval unless intervals may mix (mixed-interval.ts). */
export function checkCycle(sub: Pick<Subscription, 'currency' | 'internal'>, price: Price, param: string, mixedOk = false): void {
  if (price.currency !== sub.currency) throw cycleMismatch('currency', param);
  const own = sub.internal.interval;
  if (!mixedOk && own && price.recurring && !sameCycle(own, price.recurring)) throw cycleMismatch('interval', param);
}

export function planOf(price: Price): Plan {
  const r = price.recurring!;
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: r.interval,
    interval_count: r.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: r.meter,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: r.trial_period_days,
    usage_type: r.usage_type,
  };
}

export async function newItem(
  ctx: Ctx,
  sub: Pick<Subscription, 'id' | 'customer'>,
  price: Price,
  p: ItemParams,
  param: string,
  period: { start: number; end: number },
): Promise<SubscriptionItem> {
  const id = newId('si');
  return {
    id,
    object: 'subscription_item',
    billing_thresholds: null,
    created: ctx.now,
    current_period_end: period.end,
    current_period_start: period.start,
    discounts: p.discounts ? await resolveDiscounts(ctx, p.discounts, { customer: sub.customer, subscription: sub.id, subscriptionItem: id }, `${param}[discounts]`) : [],
    metadata: applyMetadata({}, p.metadata),
    plan: planOf(price),
    price,
    quantity: p.quantity ?? 1,
    subscription: sub.id,
    tax_rates: p.tax_rates ? await taxRateSnapshots(ctx, p.tax_rates, `${param}[tax_rates]`) : [],
  };
}

/** What one whole period of an item costs: unit amount × quantity, rounded once. */
export function periodAmount(item: Pick<SubscriptionItem, 'price' | 'quantity'>): number {
  return lineAmount(item.price.unit_amount_decimal ?? '0', String(item.quantity));
}

/** The invoice line description Stripe gives a subscription's own line: "1 × Product (at $10.00 / month)". */
export function itemDescription(item: SubscriptionItem, productName: string): string {
  const r = item.price.recurring!;
  const every = r.interval_count === 1 ? r.interval : `every ${r.interval_count} ${r.interval}s`;
  return `${item.quantity} × ${productName} (at ${formatAmount(item.price.unit_amount ?? 0, item.price.currency)} / ${every})`;
}
