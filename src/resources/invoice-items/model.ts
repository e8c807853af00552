// The invoice item in the newest API shape (seeds 001/002, stripe@23 InvoiceItem).
import type { TaxRate } from '../tax-rates/model.ts';

export interface Pricing {
  price_details?: { price: string; product: string };
  type: 'price_details';
  unit_amount_decimal: string | null;
}

export interface InvoiceItem {
  id: string;
  object: 'invoiceitem';
  amount: number;
  currency: string;
  customer: string;
  customer_account: string | null;
  date: number;
  description: string | null;
  discountable: boolean;
  discounts: string[];
  invoice: string | null;
  livemode: false;
  metadata: Record<string, string>;
  net_amount: number;
  /** Set for items of a subscription (prorations, `subscription` on create): which one. */
  parent: { subscription_details: { subscription: string; subscription_item?: string }; type: 'subscription_details' } | null;
  period: { end: number; start: number };
  pricing: Pricing;
  proration: boolean;
  proration_details: { credited_items: ItemCreditedItems | null; discount_amounts: { amount: number; discount: string }[] };
  quantity: number;
  quantity_decimal: string;
  tax_rates: TaxRateSnapshot[];
  test_clock: string | null;
  /** Internal: when the item was stored; equals `date`. */
  [key: string]: unknown;
}

/**
 * A subscription's own charge for one item and period, behind its invoice line (Stripe shows no
 * invoice item for it): stored as type subscription_line, never an API object of its own.
 */
export interface SubscriptionLine {
  id: string;
  object: 'subscription_line';
  amount: number;
  currency: string;
  customer: string;
  created: number;
  description: string | null;
  discountable: boolean;
  discounts: string[];
  invoice: string | null;
  metadata: Record<string, string>;
  period: { end: number; start: number };
  pricing: Pricing;
  proration: boolean;
  quantity: number;
  quantity_decimal: string;
  tax_rates: TaxRateSnapshot[];
  subscription: string;
  subscription_item: string;
  [key: string]: unknown;
}

/** Invoice items embed their tax rates whole, as Stripe does: a copy taken when applied. */
export type TaxRateSnapshot = TaxRate;

/** On a credit proration's line: the debit lines it reverses (Stripe's `proration_details.credited_items`). */
export interface CreditedItems {
  invoice: string;
  invoice_line_items: string[];
}

/**
 * On a credit proration invoice item: "links to the debit that the credit applies to. The reference
 * is to an invoice item if the debit was pending when the credit was created, and to invoice line
 * items if the debit was already invoiced" (stripe@23 InvoiceItem.proration_details.credited_items).
 */
export type ItemCreditedItems =
  | { type: 'invoice_item'; invoice_item: string }
  | { type: 'invoice_line_items'; invoice_line_item_details: CreditedItems };
