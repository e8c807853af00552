// Render computed taxes and discounts in the shapes Stripe's API versions use.
// Newest (since 2025-03-31.basil): line `taxes[]` / invoice `total_taxes[]`, line
// `pretax_credit_amounts[]`. Older: line `tax_amounts[]` / invoice `total_tax_amounts[]`.
import type { DiscountAmount } from './discounts.ts';
import type { TaxBehavior } from './taxes.ts';

/** Common ground of a line tax (LineTax) and a per-rate total (TaxTotal). */
export interface TaxLike {
  amount: number;
  tax_rate_id: string;
  taxable_amount: number;
  tax_behavior: TaxBehavior;
}

export interface StripeTax {
  amount: number;
  tax_behavior: TaxBehavior;
  tax_rate_details: { tax_rate: string };
  taxability_reason: 'standard_rated';
  taxable_amount: number;
  type: 'tax_rate_details';
}

export interface StripeLegacyTaxAmount {
  amount: number;
  inclusive: boolean;
  tax_rate: string;
  taxability_reason: null;
  taxable_amount: number;
}

export interface StripePretaxCreditAmount {
  amount: number;
  discount: string;
  type: 'discount';
}

/**
 * `taxes[]` entry. taxability_reason for a plain tax rate is not documented; we say
 * 'standard_rated' (the rate applied as given).
 */
export function toStripeTax(t: TaxLike): StripeTax {
  return {
    amount: t.amount,
    tax_behavior: t.tax_behavior,
    tax_rate_details: { tax_rate: t.tax_rate_id },
    taxability_reason: 'standard_rated',
    taxable_amount: t.taxable_amount,
    type: 'tax_rate_details',
  };
}

/** `tax_amounts[]` entry; Stripe's tax-rate fixtures carry `taxability_reason: null`. */
export function toLegacyTaxAmount(t: TaxLike): StripeLegacyTaxAmount {
  return {
    amount: t.amount,
    inclusive: t.tax_behavior === 'inclusive',
    tax_rate: t.tax_rate_id,
    taxability_reason: null,
    taxable_amount: t.taxable_amount,
  };
}

export function toPretaxCreditAmount(d: DiscountAmount): StripePretaxCreditAmount {
  return { amount: d.amount, discount: d.discount, type: 'discount' };
}
