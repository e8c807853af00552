// Everything an invoice shows about money, from its lines and discounts.
//
// Order, as Lago and Stripe's field docs read: lines -> item discounts -> invoice discounts
// -> taxes on the discounted line amounts -> sums. All integers in minor units.
//
// Definitions (Stripe field text from stripe@23 Invoices.d.ts / InvoiceLineItems.d.ts):
// - subtotal: "before any invoice level discount or exclusive tax is applied. Item discounts
//   are already incorporated" = Σ (line amount − the line's own discounts). Inclusive tax
//   stays inside it.
// - subtotal_excluding_tax: the same, "before any invoice level discount or tax" =
//   Σ (x − inclusive tax contained in x), x = line amount − the line's own discounts. That
//   inclusive tax is extracted from x itself, not from the fully discounted amount.
// - total: "after discounts and taxes" = subtotal − invoice-level discounts + exclusive tax
//   = Σ amount − Σ total_discount_amounts + exclusive tax.
// - total_excluding_tax: "including all discounts but excluding all tax" = total − all tax.
// - line amount_excluding_tax: "excluding all tax and discounts" = amount − the inclusive
//   tax contained in the undiscounted amount.
// - total_taxes: per-line taxes summed per tax rate (amount and taxable_amount).
import { applyDiscounts, type CouponLike, type DiscountAmount, type DiscountableLine } from './discounts.ts';
import { AmountOverflowError } from './rounding.ts';
import { computeLineTaxes, inclusiveTaxIn, type LineTax, type TaxBehavior, type TaxRateLike } from './taxes.ts';

export interface TotalsLineInput extends DiscountableLine {
  /** Integer amount (quantity × unit amount, already rounded). */
  amount: number;
  taxRates: readonly TaxRateLike[];
}

export interface TotalsInvoiceInput {
  currency: string;
  discounts: readonly CouponLike[];
}

export interface LineTotals {
  discount_amounts: DiscountAmount[];
  taxes: LineTax[];
  amount_excluding_tax: number;
  /** amount − every discount on the line: the base its taxes were computed on. */
  discountedAmount: number;
  itemDiscountTotal: number;
  invoiceDiscountTotal: number;
}

export interface TaxTotal {
  amount: number;
  taxable_amount: number;
  tax_rate_id: string;
  inclusive: boolean;
  tax_behavior: TaxBehavior;
}

export interface InvoiceTotals {
  lines: LineTotals[];
  subtotal: number;
  subtotal_excluding_tax: number;
  total_discount_amounts: DiscountAmount[];
  total_taxes: TaxTotal[];
  total: number;
  total_excluding_tax: number;
  /** Sums kept for callers and invariants. */
  discountTotal: number;
  exclusiveTax: number;
  inclusiveTax: number;
}

export function computeInvoiceTotals(lines: readonly TotalsLineInput[], invoice: TotalsInvoiceInput): InvoiceTotals {
  const discounts = applyDiscounts(lines, invoice.discounts, invoice.currency);

  const lineTotals = lines.map((line, i): LineTotals => {
    const d = discounts.lines[i];
    return {
      discount_amounts: d.discount_amounts,
      taxes: computeLineTaxes(d.discountedAmount, line.taxRates),
      amount_excluding_tax: line.amount - inclusiveTaxIn(line.amount, line.taxRates),
      discountedAmount: d.discountedAmount,
      itemDiscountTotal: d.itemDiscountTotal,
      invoiceDiscountTotal: d.invoiceDiscountTotal,
    };
  });

  const subtotal = sum(lines.map((l, i) => l.amount - lineTotals[i].itemDiscountTotal));
  const subtotalInclusiveTax = sum(
    lines.map((l, i) => inclusiveTaxIn(l.amount - lineTotals[i].itemDiscountTotal, l.taxRates)),
  );
  const invoiceLevelDiscounts = sum(lineTotals.map((l) => l.invoiceDiscountTotal));
  const allTaxes = lineTotals.flatMap((l) => l.taxes);
  const exclusiveTax = sum(allTaxes.filter((t) => t.tax_behavior === 'exclusive').map((t) => t.amount));
  const inclusiveTax = sum(allTaxes.filter((t) => t.tax_behavior === 'inclusive').map((t) => t.amount));
  const total = checked(subtotal - invoiceLevelDiscounts + exclusiveTax);

  return {
    lines: lineTotals,
    subtotal,
    subtotal_excluding_tax: checked(subtotal - subtotalInclusiveTax),
    total_discount_amounts: discounts.total_discount_amounts,
    total_taxes: aggregateTaxes(allTaxes),
    total,
    total_excluding_tax: checked(total - exclusiveTax - inclusiveTax),
    discountTotal: sum(discounts.total_discount_amounts.map((d) => d.amount)),
    exclusiveTax,
    inclusiveTax,
  };
}

/** Sum per tax rate, in order of first appearance. */
export function aggregateTaxes(taxes: readonly LineTax[]): TaxTotal[] {
  const byRate = new Map<string, TaxTotal>();
  for (const t of taxes) {
    const seen = byRate.get(t.tax_rate_id);
    if (seen) {
      seen.amount = checked(seen.amount + t.amount);
      seen.taxable_amount = checked(seen.taxable_amount + t.taxable_amount);
    } else {
      byRate.set(t.tax_rate_id, {
        amount: t.amount,
        taxable_amount: t.taxable_amount,
        tax_rate_id: t.tax_rate_id,
        inclusive: t.tax_behavior === 'inclusive',
        tax_behavior: t.tax_behavior,
      });
    }
  }
  return [...byRate.values()];
}

function sum(values: readonly number[]): number {
  return checked(values.reduce((a, b) => a + b, 0));
}

// Each input is a safe integer; a sum of many may not be, and then doubles silently lose cents.
function checked(value: number): number {
  if (!Number.isSafeInteger(value)) throw new AmountOverflowError(String(value));
  return value;
}
