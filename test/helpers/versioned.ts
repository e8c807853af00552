// The suite runs at the newest version and again with every client pinned to TEST_API_VERSION
// (2023-08-16 in CI). Tests ask these helpers what their version sends and shows, so one test
// states its expectation for both eras instead of assuming the newest shape.
import { LATEST, versionBefore } from '../../src/versions/registry.ts';
import { TEST_API_VERSION } from './server.ts';

/** The version the suite's clients send. */
export const VERSION: string = TEST_API_VERSION ?? LATEST;

/** True when the clients are pinned before `version` (a change made in `version` is not visible). */
export const before = (version: string): boolean => versionBefore(VERSION, version);

/** Invoice items priced through `pricing`, lines with `parent`, invoices with `total_taxes`. */
export const BASIL = !before('2025-03-31.basil');
/** Discounts name their coupon under `source`. */
export const CLOVER = !before('2025-09-30.clover');

type Json = Record<string, any>;

/** An invoice item or line parameter that prices it with a Price. */
export const byPrice = (price: string): Json => (BASIL ? { pricing: { price } } : { price });

/** The id of the Price an invoice item (or, before basil, a line) is priced with, or null. */
export function priceOf(item: Json): string | null {
  if (BASIL) {
    const p = item.pricing?.price_details?.price ?? null;
    return typeof p === 'string' || p === null ? p : p.id;
  }
  return item.price?.id ?? null;
}

/** An invoice item's or line's exact unit amount as a decimal string. */
export function unitAmountDecimalOf(item: Json): string | null {
  const value = BASIL ? item.pricing?.unit_amount_decimal : item.object === 'line_item' ? item.price?.unit_amount_decimal : item.unit_amount_decimal;
  return value === null || value === undefined ? null : String(value);
}

/** The invoice item a line was made from, or null. */
export function lineItemOf(line: Json): string | null {
  return BASIL ? line.parent?.invoice_item_details?.invoice_item ?? null : line.invoice_item ?? null;
}

export interface TaxAmount {
  amount: number;
  tax_rate: string;
  taxable_amount: number | null;
  inclusive: boolean;
}

const taxRateId = (r: unknown) => (typeof r === 'string' ? r : (r as Json).id);

/** A line's taxes, the same for both eras (`taxes` since basil, `tax_amounts` before). */
export function lineTaxesOf(line: Json): TaxAmount[] {
  if (BASIL)
    return (line.taxes as Json[]).map((t) => ({
      amount: t.amount, tax_rate: taxRateId(t.tax_rate_details.tax_rate), taxable_amount: t.taxable_amount, inclusive: t.tax_behavior === 'inclusive',
    }));
  return (line.tax_amounts as Json[]).map((t) => ({ amount: t.amount, tax_rate: taxRateId(t.tax_rate), taxable_amount: t.taxable_amount, inclusive: t.inclusive }));
}

/** An invoice's taxes, the same for both eras (`total_taxes` since basil, `total_tax_amounts` before). */
export function invoiceTaxesOf(invoice: Json): TaxAmount[] {
  if (BASIL)
    return (invoice.total_taxes as Json[]).map((t) => ({
      amount: t.amount, tax_rate: taxRateId(t.tax_rate_details.tax_rate), taxable_amount: t.taxable_amount, inclusive: t.tax_behavior === 'inclusive',
    }));
  return (invoice.total_tax_amounts as Json[]).map((t) => ({ amount: t.amount, tax_rate: taxRateId(t.tax_rate), taxable_amount: t.taxable_amount, inclusive: t.inclusive }));
}

/** The coupon id a discount object applies. */
export function couponOf(discount: Json): string {
  if (CLOVER) return taxRateId(discount.source.coupon);
  return discount.coupon.id;
}

/** A product's marketing features (`features` before 2024-04-10). */
export const marketingFeaturesOf = (product: Json): Json[] => (before('2024-04-10') ? product.features : product.marketing_features);
/** The product parameter for marketing features. */
export const marketingFeaturesParam = (features: { name: string }[]): Json =>
  before('2024-04-10') ? { features } : { marketing_features: features };

/** [amount, tax rate id, taxable_amount, 'inclusive' | 'exclusive'] of each of a line's taxes, for compact comparisons. */
export const lineTaxTuples = (line: Json) =>
  lineTaxesOf(line).map((t) => [t.amount, t.tax_rate, t.taxable_amount, t.inclusive ? 'inclusive' : 'exclusive']);
/** The same for an invoice's total taxes. */
export const invoiceTaxTuples = (invoice: Json) =>
  invoiceTaxesOf(invoice).map((t) => [t.amount, t.tax_rate, t.taxable_amount, t.inclusive ? 'inclusive' : 'exclusive']);
