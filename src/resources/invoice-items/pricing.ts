// How an invoice item is priced: exactly one of `amount`, `pricing[price]`,
// `price_data` or `unit_amount_decimal`, with `quantity` or `quantity_decimal`.
// The result is the unit amount and quantity as exact decimals; the amount
// itself is computed by billing/decimal-amount.ts.
import { errors } from '../../http/errors.ts';
import type { Ctx } from '../../http/context.ts';
import { lineAmount, truncatedQuantity } from '../../billing/decimal-amount.ts';
import { AmountOverflowError } from '../../billing/rounding.ts';
import { createInlinePrice, priceRef } from '../prices/service.ts';
import type { CreateInvoiceItem } from './params.ts';
import type { Pricing } from './model.ts';

export const AMOUNT_LIMIT = 999_999_999_999;

type PricingParams = Pick<
  CreateInvoiceItem,
  'amount' | 'pricing' | 'price_data' | 'unit_amount_decimal' | 'quantity' | 'quantity_decimal' | 'currency'
>;

export interface ResolvedPricing {
  pricing: Pricing;
  /** Set when the pricing fixes the currency (a price); otherwise the caller decides. */
  currency: string | null;
}

export interface ResolvedQuantity {
  quantity: number;
  quantity_decimal: string;
}

/** Which pricing method a request uses, if any; more than one is Stripe's "only one of" error. */
function pricingMethod(p: PricingParams): 'amount' | 'price' | 'price_data' | 'unit_amount_decimal' | null {
  const given: string[] = [];
  if (p.amount !== undefined) given.push('amount');
  if (p.pricing?.price !== undefined) given.push('pricing[price]');
  if (p.price_data !== undefined) given.push('price_data');
  if (p.unit_amount_decimal !== undefined) given.push('unit_amount_decimal');
  if (given.length > 1) throw errors.onlyOneOf(given);
  if (p.amount !== undefined && (p.quantity !== undefined || p.quantity_decimal !== undefined))
    throw errors.onlyOneOf(['amount', p.quantity !== undefined ? 'quantity' : 'quantity_decimal']);
  if (given.length === 0) return null;
  return given[0] === 'pricing[price]' ? 'price' : (given[0] as 'amount' | 'price_data' | 'unit_amount_decimal');
}

export function resolveQuantity(p: PricingParams, current?: ResolvedQuantity): ResolvedQuantity {
  if (p.quantity !== undefined && p.quantity_decimal !== undefined) throw errors.onlyOneOf(['quantity', 'quantity_decimal']);
  if (p.amount !== undefined) return { quantity: 1, quantity_decimal: '1' };
  if (p.quantity !== undefined) return { quantity: p.quantity, quantity_decimal: String(p.quantity) };
  if (p.quantity_decimal !== undefined) {
    if (p.quantity_decimal.startsWith('-')) throw errors.invalidDecimal('quantity_decimal', p.quantity_decimal);
    return { quantity: truncatedQuantity(p.quantity_decimal), quantity_decimal: p.quantity_decimal };
  }
  return current ?? { quantity: 1, quantity_decimal: '1' };
}

/** The new pricing, or null when the request does not change it. */
export async function resolvePricing(ctx: Ctx, p: PricingParams): Promise<ResolvedPricing | null> {
  const method = pricingMethod(p);
  switch (method) {
    case null:
      return null;
    case 'amount':
      return { pricing: { type: 'price_details', unit_amount_decimal: String(p.amount) }, currency: null };
    case 'unit_amount_decimal':
      return { pricing: { type: 'price_details', unit_amount_decimal: p.unit_amount_decimal! }, currency: null };
    case 'price': {
      const price = await priceRef(ctx, p.pricing!.price!, 'pricing[price]');
      if (!price.active)
        throw errors.invalidRequest('The price specified is inactive. This field only accepts active prices.', 'pricing[price]');
      if (price.type !== 'one_time')
        throw errors.invalidRequest(
          'The price specified is set to `type=recurring` but this field only accepts prices with `type=one_time`.',
          'pricing[price]',
        );
      return priceDetails(price);
    }
    case 'price_data': {
      const d = p.price_data!;
      if (d.unit_amount !== undefined && d.unit_amount_decimal !== undefined)
        throw errors.onlyOneOf(['price_data[unit_amount]', 'price_data[unit_amount_decimal]']);
      if (d.unit_amount === undefined && d.unit_amount_decimal === undefined)
        throw errors.oneOfRequired(['price_data[unit_amount]', 'price_data[unit_amount_decimal]']);
      const price = await createInlinePrice(ctx, d, 'price_data');
      return priceDetails(price);
    }
  }
}

function priceDetails(price: { id: string; product: string; currency: string; unit_amount_decimal: string | null }): ResolvedPricing {
  return {
    pricing: {
      price_details: { price: price.id, product: price.product },
      type: 'price_details',
      unit_amount_decimal: price.unit_amount_decimal,
    },
    currency: price.currency,
  };
}

/** quantity × unit amount, exact, rounded once, within Stripe's 12-digit bound. */
export function itemAmount(pricing: Pricing, quantity: ResolvedQuantity, param: string): number {
  let amount: number;
  try {
    amount = lineAmount(pricing.unit_amount_decimal ?? '0', quantity.quantity_decimal);
  } catch (err) {
    if (err instanceof AmountOverflowError) throw amountTooLarge(param);
    throw err;
  }
  if (Math.abs(amount) > AMOUNT_LIMIT) throw amountTooLarge(param);
  return amount;
}

function amountTooLarge(param: string) {
  return errors.invalidRequest(
    `The invoice item's amount (quantity × unit amount) must be at most ${AMOUNT_LIMIT} in absolute value.`,
    param,
    'amount_too_large',
  );
}
