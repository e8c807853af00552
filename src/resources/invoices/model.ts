// The invoice and its line items in the newest API shape (stripe@23).
import type { CreditedItems } from '../invoice-items/model.ts';
import type { Address } from '../shared-params.ts';
import type { Pricing } from '../invoice-items/model.ts';
import type { TaxRateSnapshot } from '../invoice-items/model.ts';
import type { InvoiceStatus } from '../../billing/invoice-status.ts';

export interface TaxEntry {
  amount: number;
  tax_behavior: 'exclusive' | 'inclusive';
  tax_rate_details: { tax_rate: string } | null;
  taxability_reason: string;
  taxable_amount: number | null;
  type: 'tax_rate_details';
}

export interface DiscountAmount {
  amount: number;
  discount: string;
}

export interface PretaxCredit {
  amount: number;
  discount: string;
  type: 'discount';
}

export interface LineItem {
  id: string;
  object: 'line_item';
  amount: number;
  currency: string;
  description: string | null;
  discount_amounts: DiscountAmount[];
  discountable: boolean;
  discounts: string[];
  invoice: string | null;
  livemode: false;
  metadata: Record<string, string>;
  parent: {
    invoice_item_details: {
      invoice_item: string;
      proration: boolean;
      proration_details: { credited_items: CreditedItems | null };
      subscription: string | null;
    } | null;
    subscription_item_details: {
      /** The proration invoice item behind the line; null for the subscription's own line. */
      invoice_item: string | null;
      proration: boolean;
      proration_details: { credited_items: CreditedItems | null };
      subscription: string;
      subscription_item: string;
    } | null;
    type: 'invoice_item_details' | 'subscription_item_details';
  };
  period: { end: number; start: number };
  pretax_credit_amounts: PretaxCredit[];
  pricing: Pricing;
  quantity: number;
  quantity_decimal: string;
  subscription: null;
  subtotal: number;
  taxes: TaxEntry[];
  [key: string]: unknown;
}

/** What made an invoice: a subscription (its metadata as it was when the invoice was made). */
export interface InvoiceParent {
  quote_details: null;
  subscription_details: { metadata: Record<string, string> | null; subscription: string; subscription_proration_date?: number };
  type: 'subscription_details';
}

export interface CustomerShipping {
  address: Address;
  carrier: string | null;
  name: string;
  phone: string | null;
  tracking_number: string | null;
}

export interface Invoice {
  id: string;
  object: 'invoice';
  account_country: string | null;
  account_name: string | null;
  account_tax_ids: string[] | null;
  amount_due: number;
  amount_overpaid: number;
  amount_paid: number;
  amount_remaining: number;
  amount_shipping: number;
  application: null;
  attempt_count: number;
  attempted: boolean;
  auto_advance: boolean;
  automatic_tax: { disabled_reason: null; enabled: boolean; liability: null; provider: null; status: null };
  automatically_finalizes_at: number | null;
  billing_reason: string;
  collection_method: 'charge_automatically' | 'send_invoice';
  created: number;
  currency: string;
  custom_fields: { name: string; value: string }[] | null;
  customer: string;
  customer_account: null;
  customer_address: Address | null;
  customer_email: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_shipping: CustomerShipping | null;
  customer_tax_exempt: 'exempt' | 'none' | 'reverse' | null;
  customer_tax_ids: { type: string; value: string | null }[];
  default_payment_method: string | null;
  default_source: string | null;
  default_tax_rates: TaxRateSnapshot[];
  description: string | null;
  discounts: string[];
  due_date: number | null;
  effective_at: number | null;
  ending_balance: number | null;
  footer: string | null;
  from_invoice: { action: string; invoice: string } | null;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  issuer: { type: 'self' | 'account'; account?: string };
  last_finalization_error: null;
  latest_revision: string | null;
  /** Assembled on read from the line rows; not stored with the invoice. */
  lines?: unknown;
  livemode: false;
  metadata: Record<string, string>;
  next_payment_attempt: number | null;
  number: string | null;
  on_behalf_of: string | null;
  parent: InvoiceParent | null;
  payment_settings: { default_mandate: string | null; payment_method_options: null; payment_method_types: string[] | null };
  period_end: number;
  period_start: number;
  post_payment_credit_notes_amount: number;
  pre_payment_credit_notes_amount: number;
  receipt_number: string | null;
  rendering: { amount_tax_display: string | null; pdf: { page_size: string | null } | null; template: string | null; template_version: number | null } | null;
  shipping_cost: null;
  shipping_details: CustomerShipping | null;
  starting_balance: number;
  statement_descriptor: string | null;
  status: InvoiceStatus;
  status_transitions: {
    finalized_at: number | null;
    marked_uncollectible_at: number | null;
    paid_at: number | null;
    voided_at: number | null;
  };
  subtotal: number;
  subtotal_excluding_tax: number;
  test_clock: string | null;
  total: number;
  total_discount_amounts: DiscountAmount[];
  total_excluding_tax: number;
  total_pretax_credit_amounts: PretaxCredit[];
  total_taxes: TaxEntry[];
  webhooks_delivered_at: number | null;
  /** Stored, never rendered: inputs the newest shape has no field for (older versions show some). */
  internal: {
    days_until_due?: number;
    application_fee_amount?: number;
    transfer_data?: unknown;
    paid_out_of_band?: boolean;
    /** The secret in the hosted page and PDF links, made at finalization (pages/links.ts). */
    link_secret?: string;
    /** The PaymentIntent made at the first payment attempt, and its latest successful charge (older versions show both). */
    payment_intent?: string;
    charge?: string;
    /** When the first payment attempt was made: retries are scheduled from it. */
    first_attempt_at?: number;
  };
  [key: string]: unknown;
}
