// The promotion code object in the newest API shape (stripe@23 `PromotionCode`):
// a customer-facing code for a coupon. Before 2025-09-30.clover the coupon was
// embedded whole in `coupon` (versions/changes/2025-09-30-promotion-code-promotion.ts).

export interface PromotionCode {
  id: string;
  object: 'promotion_code';
  active: boolean;
  code: string;
  created: number;
  customer: string | null;
  customer_account: null;
  expires_at: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Record<string, string>;
  promotion: { coupon: string; type: 'coupon' };
  restrictions: {
    currency_options?: Record<string, { minimum_amount: number }>;
    first_time_transaction: boolean;
    minimum_amount: number | null;
    minimum_amount_currency: string | null;
  };
  times_redeemed: number;
  [key: string]: unknown;
}
