// The coupon object in the newest API shape (stripe@23 `Coupon`, fixture `coupon`).
// `applies_to` and `currency_options` appear only when set.

export interface Coupon {
  id: string;
  object: 'coupon';
  amount_off: number | null;
  applies_to?: { products: string[] };
  created: number;
  currency: string | null;
  currency_options?: Record<string, { amount_off: number }>;
  duration: 'forever' | 'once' | 'repeating';
  duration_in_months: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Record<string, string>;
  name: string | null;
  percent_off: number | null;
  redeem_by: number | null;
  times_redeemed: number;
  valid: boolean;
  [key: string]: unknown;
}

export interface DeletedCoupon {
  id: string;
  object: 'coupon';
  deleted: true;
  [key: string]: unknown;
}

/** "Taking account of the above properties, whether this coupon can still be applied to a customer." */
export function isCouponValid(c: Pick<Coupon, 'redeem_by' | 'max_redemptions' | 'times_redeemed'>, now: number): boolean {
  if (c.redeem_by !== null && now > c.redeem_by) return false;
  if (c.max_redemptions !== null && c.times_redeemed >= c.max_redemptions) return false;
  return true;
}
