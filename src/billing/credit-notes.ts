// Credit note money: what crediting part of an invoice line carries with it, the note's totals,
// and how the note splits between the unpaid and the paid part of the invoice. Pure, integers.
//
// Stripe (CreditNoteLineItem): `amount` is "the gross amount being credited for this line item,
// excluding (exclusive) tax and discounts"; `discount_amount(s)` and `taxes` are what is credited
// of the line's discounts and taxes. Stripe does not say how it prorates them; ours: in
// proportion to the share of the line credited (quantity of quantity, or amount of amount), and
// cumulatively, credit k gets round(x × (before + now) / whole) − round(x × before / whole), so
// crediting a line in parts never adds up to more (or less) than crediting it whole.
// Credit note (CreditNotes.d.ts): subtotal = Σ line amounts; total = subtotal − discounts +
// exclusive tax ("including tax and all discount"); `amount` = total. Allocation (create's doc):
// "first reduce the invoice's amount_remaining (and amount_due), but not below zero" =
// pre_payment_amount; "the excess amount is indicated by post_payment_amount"; refunds + customer
// balance credit + out-of-band credit "must equal the post_payment_amount".
import { dec, roundToInteger } from './rounding.ts';
import { computeLineTaxes, type TaxBehavior, type TaxRateLike } from './taxes.ts';

export interface CreditTax {
  amount: number;
  tax_rate: string;
  taxable_amount: number;
  tax_behavior: TaxBehavior;
}

export interface CreditDiscount {
  amount: number;
  discount: string;
}

/** The part of an invoice line a credit is taken from. */
export interface CreditableLine {
  amount: number;
  quantity: number;
  discounts: readonly CreditDiscount[];
  taxes: readonly CreditTax[];
}

export interface CreditedLine {
  amount: number;
  discount_amounts: CreditDiscount[];
  taxes: CreditTax[];
}

/** The share `now` of `whole` after `before` was already taken: cumulative rounding, never more in total than `value`. */
export function prorate(value: number, before: number, now: number, whole: number): number {
  if (whole <= 0) throw new RangeError('whole must be positive');
  const upTo = (n: number) => roundToInteger(dec(value).times(n).dividedBy(whole));
  return upTo(before + now) - upTo(before);
}

/**
 * Credits `now` more of a line of which `before` was credited already, both in `unit`s: quantity
 * (of `line.quantity`) or amount (of `line.amount`). Discounts and taxes follow in proportion.
 */
export function creditLine(line: CreditableLine, unit: 'quantity' | 'amount', before: number, now: number): CreditedLine {
  const whole = unit === 'quantity' ? line.quantity : line.amount;
  const share = (v: number) => (whole === 0 ? 0 : prorate(v, before, now, whole));
  return {
    amount: unit === 'amount' ? now : share(line.amount),
    discount_amounts: line.discounts.map((d) => ({ discount: d.discount, amount: share(d.amount) })),
    taxes: line.taxes.map((t) => ({ ...t, amount: share(t.amount), taxable_amount: share(t.taxable_amount) })),
  };
}

/** A custom line: its own amount, no discounts, taxed with its own rates. */
export function creditCustomLine(amount: number, rates: readonly TaxRateLike[]): CreditedLine {
  return {
    amount,
    discount_amounts: [],
    taxes: computeLineTaxes(amount, rates).map((t) => ({
      amount: t.amount,
      tax_rate: t.tax_rate_id,
      taxable_amount: t.taxable_amount,
      tax_behavior: t.tax_behavior,
    })),
  };
}

export interface CreditNoteTotals {
  subtotal: number;
  subtotal_excluding_tax: number;
  discount_amount: number;
  discount_amounts: CreditDiscount[];
  total_taxes: CreditTax[];
  total: number;
  total_excluding_tax: number;
}

/** The note's totals from its lines; a note given by `amount` alone has no lines and is that amount. */
export function creditNoteTotals(lines: readonly CreditedLine[], amountAlone?: number): CreditNoteTotals {
  if (lines.length === 0) {
    const a = amountAlone ?? 0;
    return { subtotal: a, subtotal_excluding_tax: a, discount_amount: 0, discount_amounts: [], total_taxes: [], total: a, total_excluding_tax: a };
  }
  const subtotal = sum(lines.map((l) => l.amount));
  const discounts = new Map<string, number>();
  for (const d of lines.flatMap((l) => l.discount_amounts)) discounts.set(d.discount, (discounts.get(d.discount) ?? 0) + d.amount);
  const discount = sum([...discounts.values()]);
  const taxes = new Map<string, CreditTax>();
  for (const t of lines.flatMap((l) => l.taxes)) {
    const seen = taxes.get(t.tax_rate);
    if (seen) {
      seen.amount += t.amount;
      seen.taxable_amount += t.taxable_amount;
    } else taxes.set(t.tax_rate, { ...t });
  }
  const all = [...taxes.values()];
  const exclusive = sum(all.filter((t) => t.tax_behavior === 'exclusive').map((t) => t.amount));
  const inclusive = sum(all.filter((t) => t.tax_behavior === 'inclusive').map((t) => t.amount));
  const total = subtotal - discount + exclusive;
  return {
    subtotal,
    subtotal_excluding_tax: subtotal - inclusive,
    discount_amount: discount,
    discount_amounts: [...discounts].map(([d, amount]) => ({ discount: d, amount })),
    total_taxes: all,
    total,
    total_excluding_tax: total - exclusive - inclusive,
  };
}

export interface CreditSplit {
  pre_payment_amount: number;
  post_payment_amount: number;
  type: 'pre_payment' | 'post_payment' | 'mixed';
}

/** How much of a note reduces what is still to pay, and how much credits what was paid. */
export function splitCredit(total: number, amountRemaining: number): CreditSplit {
  const pre = Math.min(total, Math.max(0, amountRemaining));
  const post = total - pre;
  return { pre_payment_amount: pre, post_payment_amount: post, type: post === 0 ? 'pre_payment' : pre === 0 ? 'post_payment' : 'mixed' };
}

/** What may still be credited on an invoice: its total less issued notes and refunds made outside them. */
export function creditable(invoiceTotal: number, creditedByNotes: number, refundedOutsideNotes: number): number {
  return Math.max(0, invoiceTotal - creditedByNotes - refundedOutsideNotes);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
