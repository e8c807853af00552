// Prices: create, retrieve, update, list (Stripe has no delete). Also the
// inline prices other resources create from `price_data`, as Stripe does.
// What the filter columns hold, and the inline flag: ./repository.ts.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata, type MetadataInput } from '../../http/params.ts';
import { findFirst, listPage, listStoredPage } from '../../http/list.ts';
import { integerOrNull, parseDecimal } from '../../billing/decimal-amount.ts';
import { invalidCurrencyMessage, isSupportedCurrency, normalizeCurrency } from '../../billing/currency.ts';
import { newId } from '../../store/ids.ts';
import { findById, findRef, findStoredById } from '../lookup.ts';
import type { StoredOne } from '../../http/stored-answer.ts';
import { insertProduct, productRef } from '../products/service.ts';
import { prices } from './repository.ts';
import { UNIT_AMOUNT_MAX, type CreatePrice, type ListPrices, type UpdatePrice } from './params.ts';
import type { Price, Recurring, TaxBehavior } from './model.ts';

export const TYPE = prices.type;

/** Longest billing interval per unit: "three years (3 years, 36 months, or 156 weeks)". */
const MAX_INTERVAL_COUNT: Record<Recurring['interval'], number> = { day: 1095, week: 156, month: 36, year: 3 };

const at = (prefix: string, key: string): string => (prefix ? `${prefix}[${key}]` : key);

/** What every way of making a price shares: POST /v1/prices, `default_price_data`, `price_data`. */
export interface PriceSpec {
  currency: string;
  unit_amount?: number;
  unit_amount_decimal?: string;
  recurring?: {
    interval: Recurring['interval'];
    interval_count?: number;
    trial_period_days?: number;
    usage_type?: Recurring['usage_type'];
  };
  tax_behavior?: TaxBehavior;
  metadata?: MetadataInput | null;
  nickname?: string;
  lookup_key?: string;
  transfer_lookup_key?: boolean;
  active?: boolean;
}

/** `unit_amount_decimal` canonical, `unit_amount` the integer when it is one (else null). */
export function unitAmounts(spec: Pick<PriceSpec, 'unit_amount' | 'unit_amount_decimal'>, prefix = ''): {
  unit_amount: number | null;
  unit_amount_decimal: string;
} {
  if (spec.unit_amount !== undefined && spec.unit_amount_decimal !== undefined)
    throw errors.onlyOneOf([at(prefix, 'unit_amount'), at(prefix, 'unit_amount_decimal')]);
  if (spec.unit_amount !== undefined) {
    if (!Number.isSafeInteger(spec.unit_amount) || spec.unit_amount < 0)
      throw errors.invalidNonNegativeInteger(at(prefix, 'unit_amount'));
    if (spec.unit_amount > UNIT_AMOUNT_MAX) throw errors.integerTooLarge(at(prefix, 'unit_amount'), UNIT_AMOUNT_MAX, spec.unit_amount);
    return { unit_amount: spec.unit_amount, unit_amount_decimal: String(spec.unit_amount) };
  }
  if (spec.unit_amount_decimal !== undefined) {
    const param = at(prefix, 'unit_amount_decimal');
    const d = parseDecimal(spec.unit_amount_decimal, { allowNegative: false });
    if (d === null) throw errors.invalidDecimal(param, spec.unit_amount_decimal);
    if (d.split('.')[0].length > String(UNIT_AMOUNT_MAX).length)
      throw errors.outOfRange(param, Number(d), `at most ${UNIT_AMOUNT_MAX}`);
    return { unit_amount: integerOrNull(d), unit_amount_decimal: d };
  }
  throw errors.priceNeedsAmount(at(prefix, 'unit_amount'));
}

/** Clients before 2025-03-31.basil may make metered prices without a meter (versions/changes/2025-03-31-price-aggregate-usage.ts). */
const meterless = (ctx: Ctx) => ctx.hints?.meterlessMetered === true;

function recurringOf(r: PriceSpec['recurring'], prefix: string, withoutMeter: boolean): Recurring | null {
  if (r === undefined) return null;
  const base = at(prefix, 'recurring');
  const count = r.interval_count ?? 1;
  if (count > MAX_INTERVAL_COUNT[r.interval]) throw errors.intervalTooLong(at(base, 'interval_count'));
  // Metered prices need a billing meter, a resource this server does not have.
  if (r.usage_type === 'metered' && !withoutMeter) throw errors.meteredNeedsMeter(at(base, 'usage_type'));
  return { interval: r.interval, interval_count: count, meter: null, trial_period_days: r.trial_period_days ?? null, usage_type: r.usage_type ?? 'licensed' };
}

function currencyOf(currency: string, prefix: string): string {
  if (!isSupportedCurrency(currency)) throw errors.invalidCurrency(invalidCurrencyMessage(currency), at(prefix, 'currency'));
  return normalizeCurrency(currency);
}

/** Everything about a spec that needs no database, checked before anything is written. */
function checkSpec(spec: PriceSpec, prefix: string, withoutMeter = false): void {
  currencyOf(spec.currency, prefix);
  unitAmounts(spec, prefix);
  recurringOf(spec.recurring, prefix, withoutMeter);
}

/** Moves `key` to `owner`: a holder keeps it unless `transfer` (then its key is cleared). */
async function claimLookupKey(ctx: Ctx, key: string, owner: string | null, transfer: boolean, param: string): Promise<void> {
  // One claim of a key at a time, across processes (no row holds "nobody has this key" to lock).
  await ctx.work?.lock('price lookup_key', ctx.account, key);
  const found = await findFirst(ctx, prices, { keep: (p) => p.lookup_key === key && p.id !== owner });
  if (!found) return;
  if (!transfer) throw errors.lookupKeyInUse(found.id, param);
  // Locked and read again, so a concurrent update of the holder is not overwritten.
  const holder = (await prices.getForUpdate(ctx, found.id)) ?? found;
  holder.lookup_key = null;
  await prices.update(ctx, holder);
}

async function insertPrice(ctx: Ctx, productId: string, spec: PriceSpec, prefix: string, inline: boolean): Promise<Price> {
  const recurring = recurringOf(spec.recurring, prefix, meterless(ctx));
  const price: Price = {
    id: newId('price'),
    object: 'price',
    active: inline ? false : (spec.active ?? true),
    billing_scheme: 'per_unit',
    created: ctx.now,
    currency: currencyOf(spec.currency, prefix),
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: applyMetadata({}, spec.metadata),
    nickname: spec.nickname || null,
    product: productId,
    recurring,
    tax_behavior: spec.tax_behavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    ...unitAmounts(spec, prefix),
  };
  // Only versions before basil show how a metered price aggregates usage (`sum` unless they said).
  if (recurring?.usage_type === 'metered') price.internal = { aggregate_usage: ctx.hints?.aggregateUsage ?? 'sum' };
  if (spec.lookup_key) {
    await claimLookupKey(ctx, spec.lookup_key, null, spec.transfer_lookup_key ?? false, at(prefix, 'lookup_key'));
    price.lookup_key = spec.lookup_key;
  }
  await prices.insert(ctx, price, { sticky: inline });
  return price;
}

export async function createPrice(ctx: Ctx, p: CreatePrice): Promise<Price> {
  if (p.billing_scheme === 'tiered' || p.tiers !== undefined || p.tiers_mode !== undefined) {
    const param = p.billing_scheme === 'tiered' ? 'billing_scheme' : p.tiers !== undefined ? 'tiers' : 'tiers_mode';
    throw errors.notSupported('Tiered pricing (`billing_scheme=tiered`)', param);
  }
  if (p.custom_unit_amount !== undefined) throw errors.notSupported('`custom_unit_amount`', 'custom_unit_amount');
  if (p.product !== undefined && p.product_data !== undefined) throw errors.onlyOneOf(['product', 'product_data']);
  if (p.product === undefined && p.product_data === undefined) throw errors.priceNeedsProduct();
  checkSpec(p, '', meterless(ctx));
  const productId =
    p.product !== undefined ? (await productRef(ctx, p.product, 'product')).id : (await insertProduct(ctx, p.product_data!, 'product_data')).id;
  return insertPrice(ctx, productId, p, '', false);
}

/** The price a product's `default_price_data` makes (errors name `default_price_data[...]`). */
export async function createDefaultPrice(ctx: Ctx, productId: string, spec: PriceSpec, prefix: string): Promise<Price> {
  checkSpec(spec, prefix);
  return insertPrice(ctx, productId, spec, prefix, false);
}

/**
 * A real Price for `price_data` (invoice items, ...), as Stripe makes one:
 * `active: false` and never listed by GET /v1/prices, but retrievable and
 * expandable. Errors name the params under `paramPrefix` (`price_data[product]`).
 */
export async function createInlinePrice(
  ctx: Ctx,
  data: {
    currency: string;
    product: string;
    unit_amount?: number;
    unit_amount_decimal?: string;
    tax_behavior?: 'exclusive' | 'inclusive' | 'unspecified';
    /** Subscription items' `price_data` makes a recurring price. */
    recurring?: { interval: Recurring['interval']; interval_count?: number };
  },
  paramPrefix: string,
): Promise<Price> {
  const spec: PriceSpec = {
    currency: data.currency,
    unit_amount: data.unit_amount,
    unit_amount_decimal: data.unit_amount_decimal,
    tax_behavior: data.tax_behavior,
    recurring: data.recurring,
  };
  checkSpec(spec, paramPrefix);
  const product = await productRef(ctx, data.product, at(paramPrefix, 'product'));
  return insertPrice(ctx, product.id, spec, paramPrefix, true);
}

export function retrievePrice(ctx: Ctx, id: string): Promise<StoredOne | Price> {
  return findStoredById(ctx, prices, id);
}

export async function updatePrice(ctx: Ctx, id: string, p: UpdatePrice): Promise<Price> {
  const price = await findById(ctx, prices, id);
  if (p.tax_behavior !== undefined && p.tax_behavior !== price.tax_behavior) {
    // "Once specified as either inclusive or exclusive, it cannot be changed."
    if (price.tax_behavior === 'inclusive' || price.tax_behavior === 'exclusive') throw errors.taxBehaviorLocked(price.tax_behavior);
    price.tax_behavior = p.tax_behavior;
  }
  if (p.lookup_key !== undefined && p.lookup_key !== price.lookup_key) {
    if (p.lookup_key === '') price.lookup_key = null;
    else {
      await claimLookupKey(ctx, p.lookup_key, price.id, p.transfer_lookup_key ?? false, 'lookup_key');
      price.lookup_key = p.lookup_key;
    }
  }
  if (p.active !== undefined) price.active = p.active;
  if (p.nickname !== undefined) price.nickname = p.nickname || null;
  price.metadata = applyMetadata(price.metadata, p.metadata);
  await prices.update(ctx, price);
  return price;
}

export async function listPrices(ctx: Ctx, p: ListPrices) {
  const product = p.product === undefined ? undefined : (await productRef(ctx, p.product, 'product')).id;
  // Without `active`, Stripe lists active prices ("For the list of inactive prices, set active to false").
  const query = { created: p.created, where: { status: p.active === false ? 'inactive' : 'active', ref: product } };
  const keys = p.lookup_keys === undefined ? undefined : new Set(p.lookup_keys);
  const r = p.recurring;
  if (p.currency === undefined && p.type === undefined && keys === undefined && r === undefined)
    return listStoredPage(ctx, prices, '/v1/prices', p, query);
  return listPage(ctx, prices, '/v1/prices', p, {
    ...query,
    keep: (price) =>
      (p.currency === undefined || price.currency === p.currency) &&
      (p.type === undefined || price.type === p.type) &&
      (keys === undefined || (price.lookup_key !== null && keys.has(price.lookup_key))) &&
      (r === undefined ||
        (price.recurring !== null &&
          (r.interval === undefined || price.recurring.interval === r.interval) &&
          (r.usage_type === undefined || price.recurring.usage_type === r.usage_type))),
  });
}

/** A price referenced by a parameter (`pricing[price]`, `default_price`, ...), active or not. */
export function priceRef(ctx: Ctx, id: string, param = 'price'): Promise<Price> {
  return findRef(ctx, prices, id, param);
}

/** For expand[]. */
export async function loadPrice(ctx: Ctx, id: string): Promise<object | undefined> {
  return prices.get(ctx, id);
}

/** Whether prices made through the API (not inline `price_data` prices) belong to the product. */
export async function productHasPrices(ctx: Ctx, productId: string): Promise<boolean> {
  return (await prices.count(ctx, { ref: productId, status: 'active' })) + (await prices.count(ctx, { ref: productId, status: 'inactive' })) > 0;
}
