// Discount amounts per line and per discount.
//
// Order (Stripe: "Line item discounts are applied before invoice discounts"): each line's
// own discounts first, then the invoice's discounts; within each list, in the given order,
// each one working on what the previous ones left (our choice for stacking).
// Only `discountable` lines take part. Stripe's documented rules kept here:
// - an amount_off never pushes credit (changelog 2013-10-29): it is capped at what is left;
// - negative items are not discountable by default (changelog 2015-03-24); when a caller
//   marks one discountable, a percent_off shrinks the credit (a negative discount amount)
//   and it lowers the base an invoice amount_off can take, but amount_off never adds to it.
// Our choices (Stripe undocumented, STRIPE-BEHAVIOUR §6.4):
// - percent_off: round(left × pct / 100) per line, half away from zero;
// - invoice amount_off: capped at the net discountable amount left, split over lines with a
//   positive amount left, pro rata, largest remainder, so the parts sum exactly and no
//   line goes below zero;
// - an amount_off coupon in another currency does not apply and is left out of the output
//   (callers resolve `currency_options` into CouponLike before calling).
import { allocateLargestRemainder } from './allocate.ts';
import { dec, roundToInteger } from './rounding.ts';

export interface CouponLike {
  /** The discount id (`di_...`) Stripe shows in `discount_amounts[].discount`. */
  id: string;
  percentOff: number | string | null;
  amountOff: number | null;
  currency: string | null;
}

export interface DiscountAmount {
  amount: number;
  discount: string;
}

export interface DiscountableLine {
  amount: number;
  discountable: boolean;
  discounts: readonly CouponLike[];
}

export interface LineDiscounts {
  /** One entry per applicable discount on a discountable line, line discounts first. */
  discount_amounts: DiscountAmount[];
  /** Sum of this line's own (item-level) discounts. */
  itemDiscountTotal: number;
  /** Sum of the invoice-level discounts allocated to this line. */
  invoiceDiscountTotal: number;
  /** amount − all discounts: the base for taxes. */
  discountedAmount: number;
}

export interface DiscountResult {
  lines: LineDiscounts[];
  /** Per discount id, summed over lines, in order of first appearance. */
  total_discount_amounts: DiscountAmount[];
}

/** Whether a coupon applies to an invoice in `currency` at all. */
export function couponApplies(coupon: CouponLike, currency: string): boolean {
  if (coupon.amountOff !== null) return coupon.currency !== null && coupon.currency.toLowerCase() === currency.toLowerCase();
  return coupon.percentOff !== null;
}

export function applyDiscounts(
  lines: readonly DiscountableLine[],
  invoiceDiscounts: readonly CouponLike[],
  currency: string,
): DiscountResult {
  const left = lines.map((l) => l.amount);
  const entries: DiscountAmount[][] = lines.map(() => []);
  const itemTotals = lines.map(() => 0);
  const invoiceTotals = lines.map(() => 0);
  const totals = new Map<string, number>();
  const record = (id: string, amount: number) => totals.set(id, (totals.get(id) ?? 0) + amount);

  // 1. Item-level discounts, each line on its own.
  lines.forEach((line, i) => {
    if (!line.discountable) return;
    for (const coupon of line.discounts) {
      if (!couponApplies(coupon, currency)) continue;
      const amount = coupon.amountOff !== null
        ? Math.min(coupon.amountOff, Math.max(0, left[i]))
        : percentOf(left[i], coupon.percentOff!);
      left[i] -= amount;
      itemTotals[i] += amount;
      entries[i].push({ amount, discount: coupon.id });
      record(coupon.id, amount);
    }
  });

  // 2. Invoice-level discounts over all discountable lines.
  const eligible = lines.map((l, i) => (l.discountable ? i : -1)).filter((i) => i >= 0);
  for (const coupon of invoiceDiscounts) {
    if (!couponApplies(coupon, currency)) continue;
    let parts: number[];
    if (coupon.amountOff !== null) {
      const net = eligible.reduce((s, i) => s + left[i], 0);
      const applied = Math.min(coupon.amountOff, Math.max(0, net));
      parts = allocateLargestRemainder(applied, eligible.map((i) => Math.max(0, left[i])));
    } else {
      parts = eligible.map((i) => percentOf(left[i], coupon.percentOff!));
    }
    eligible.forEach((lineIndex, k) => {
      left[lineIndex] -= parts[k];
      invoiceTotals[lineIndex] += parts[k];
      entries[lineIndex].push({ amount: parts[k], discount: coupon.id });
    });
    record(coupon.id, parts.reduce((a, b) => a + b, 0));
  }

  return {
    lines: lines.map((_, i) => ({
      discount_amounts: entries[i],
      itemDiscountTotal: itemTotals[i],
      invoiceDiscountTotal: invoiceTotals[i],
      discountedAmount: left[i],
    })),
    total_discount_amounts: [...totals].map(([discount, amount]) => ({ amount, discount })),
  };
}

function percentOf(amount: number, percentOff: number | string): number {
  return roundToInteger(dec(amount).times(dec(percentOff)).dividedBy(100));
}
