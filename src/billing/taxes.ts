// Tax-rate taxes on one line, computed on the line's amount after all discounts.
//
// Exclusive: tax = round(base × pct / 100), added on top.
// Inclusive: the amount already contains the tax; with the rates' combined percentage P,
//   net = round(amount × 100 / (100 + P)), tax = amount − net, and that tax is split over the
//   inclusive rates pro rata to their percentages (largest remainder, parts sum exactly).
//   `taxable_amount` of an inclusive entry is the net amount, the pre-tax portion of the line:
//   that is how Stripe reports it (integrators read it that way, laravel/cashier-stripe#1840).
// Mixed inclusive + exclusive rates on one line (our choice; Stripe undocumented): the
// exclusive rates apply to the net amount, so tax is never charged on tax.
// Rounding: half away from zero, per line, per rate (rounding.ts). Stripe's tax-rate
// rounding is unverified (STRIPE-BEHAVIOUR §6.4); per-line rounding matches its example
// of tax on fees (support.stripe.com "Rounding rules for Stripe fees").
import { allocateLargestRemainder } from './allocate.ts';
import { dec, roundToInteger } from './rounding.ts';

export interface TaxRateLike {
  id: string;
  /** Stripe's `percentage`: a number with up to 4 decimals; strings keep it exact. */
  percentage: string | number;
  inclusive: boolean;
}

export type TaxBehavior = 'inclusive' | 'exclusive';

export interface LineTax {
  amount: number;
  tax_rate_id: string;
  /** Exclusive: the base the tax is added to. Inclusive: the pre-tax (net) portion. */
  taxable_amount: number;
  tax_behavior: TaxBehavior;
}

/** Tax entries for `amount` (the discounted line amount), in the order of `rates`. */
export function computeLineTaxes(amount: number, rates: readonly TaxRateLike[]): LineTax[] {
  const inclusive = rates.filter((r) => r.inclusive);
  const { tax: inclusiveTax, parts } = extractInclusive(amount, inclusive);
  const net = amount - inclusiveTax;

  const inclusiveParts = new Map<TaxRateLike, number>();
  inclusive.forEach((rate, i) => inclusiveParts.set(rate, parts[i]));

  return rates.map((rate): LineTax => {
    if (rate.inclusive) {
      return { amount: inclusiveParts.get(rate) ?? 0, tax_rate_id: rate.id, taxable_amount: net, tax_behavior: 'inclusive' };
    }
    return {
      amount: roundToInteger(dec(net).times(dec(rate.percentage)).dividedBy(100)),
      tax_rate_id: rate.id,
      taxable_amount: net,
      tax_behavior: 'exclusive',
    };
  });
}

/** Only the inclusive tax contained in `amount` (used for the `*_excluding_tax` fields). */
export function inclusiveTaxIn(amount: number, rates: readonly TaxRateLike[]): number {
  return extractInclusive(amount, rates.filter((r) => r.inclusive)).tax;
}

function extractInclusive(amount: number, inclusive: readonly TaxRateLike[]): { tax: number; parts: number[] } {
  if (inclusive.length === 0) return { tax: 0, parts: [] };
  const combined = inclusive.reduce((sum, r) => sum.plus(dec(r.percentage)), dec(0));
  const net = roundToInteger(dec(amount).times(100).dividedBy(dec(100).plus(combined)));
  const tax = amount - net;
  // Zero-percent inclusive rates (weights all zero) can only carry zero tax, which holds here.
  return { tax, parts: allocateLargestRemainder(tax, inclusive.map((r) => r.percentage)) };
}
