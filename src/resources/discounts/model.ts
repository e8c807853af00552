// The discount object: a coupon applied to a customer, invoice or invoice item.
// Since 2025-09-30.clover the coupon sits under `source`.
export interface Discount {
  id: string;
  object: 'discount';
  checkout_session: null;
  customer: string | null;
  customer_account: null;
  end: number | null;
  invoice: string | null;
  invoice_item: string | null;
  promotion_code: string | null;
  source: { coupon: string; type: 'coupon' };
  start: number;
  subscription: string | null;
  subscription_item: string | null;
  [key: string]: unknown;
}
