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
  proration_details: { credited_items: null; discount_amounts: { amount: number; discount: string }[] };
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
