// The customer object in the newest API shape.
import type { Address } from '../shared-params.ts';
import type { Discount } from '../discounts/model.ts';

export interface Customer {
  id: string;
  object: 'customer';
  address: Address | null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: string | null;
  delinquent: boolean;
  description: string | null;
  /** Set by old clients' `coupon` (versions/changes/2025-03-31-customer-coupon.ts); new invoices inherit it. */
  discount: Discount | null;
  email: string | null;
  invoice_credit_balance: Record<string, number>;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: { name: string; value: string }[] | null;
    default_payment_method: string | null;
    footer: string | null;
    rendering_options: { amount_tax_display: string | null; template: string | null } | null;
  };
  livemode: false;
  metadata: Record<string, string>;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: { address: Address; name: string; phone: string | null } | null;
  tax_exempt: 'exempt' | 'none' | 'reverse';
  test_clock: string | null;
  [key: string]: unknown;
}

export interface DeletedCustomer {
  id: string;
  object: 'customer';
  deleted: true;
  [key: string]: unknown;
}
