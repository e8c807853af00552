// The CreditNote and its line items in the newest API shape (stripe@23).
import type { TaxEntry, DiscountAmount, PretaxCredit } from '../invoices/model.ts';
import type { TaxRate } from '../tax-rates/model.ts';

export interface CreditNoteRefund {
  amount_refunded: number;
  payment_record_refund: null;
  refund: string;
  type: 'refund';
}

export interface CreditNoteLineItem {
  id: string;
  object: 'credit_note_line_item';
  amount: number;
  description: string | null;
  discount_amount: number;
  discount_amounts: DiscountAmount[];
  /** Only on lines of type invoice_line_item. */
  invoice_line_item?: string;
  livemode: false;
  metadata: Record<string, string>;
  pretax_credit_amounts: PretaxCredit[];
  /** Null when an invoice line is credited by amount. */
  quantity: number | null;
  tax_rates: TaxRate[];
  taxes: TaxEntry[];
  type: 'invoice_line_item' | 'custom_line_item';
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  /** Stored, never rendered: the note and its status (the line rows' filter columns). */
  internal: { credit_note: string; invoice: string; status: 'issued' | 'void' };
  [key: string]: unknown;
}

export interface CreditNote {
  id: string;
  object: 'credit_note';
  amount: number;
  amount_shipping: number;
  created: number;
  currency: string;
  customer: string;
  customer_account: null;
  customer_balance_transaction: string | null;
  discount_amount: number;
  discount_amounts: DiscountAmount[];
  effective_at: number | null;
  invoice: string;
  /** The first page of the lines, as Stripe embeds it; all of them at /v1/credit_notes/:id/lines. */
  lines: { object: 'list'; data: CreditNoteLineItem[]; has_more: boolean; url: string };
  livemode: false;
  memo: string | null;
  metadata: Record<string, string>;
  number: string;
  out_of_band_amount: number | null;
  pdf: string;
  post_payment_amount: number;
  pre_payment_amount: number;
  pretax_credit_amounts: PretaxCredit[];
  reason: 'duplicate' | 'fraudulent' | 'order_change' | 'product_unsatisfactory' | null;
  refunds: CreditNoteRefund[];
  shipping_cost: null;
  status: 'issued' | 'void';
  subtotal: number;
  subtotal_excluding_tax: number | null;
  total: number;
  total_excluding_tax: number | null;
  total_taxes: TaxEntry[];
  type: 'pre_payment' | 'post_payment' | 'mixed';
  voided_at: number | null;
  /** Stored, never rendered: the customer balance credit (older versions and voiding read it). */
  internal: { credit_amount: number };
  [key: string]: unknown;
}
