import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';
import { SUPPORTED_CURRENCIES } from '../../billing/currency.ts';

const AMOUNT_MAX = 99_999_999_999;

/** `currency_options[eur][amount_off]=500`: one optional entry per supported currency. */
const currencyOption = s.object({ amount_off: s.integer({ min: 1, max: AMOUNT_MAX, required: true }) });
const currencyOptions = s.object(
  Object.fromEntries(SUPPORTED_CURRENCIES.map((c) => [c, currencyOption])) as Record<string, typeof currencyOption>,
);

export const createCoupon = {
  amount_off: s.integer({ min: 1, max: AMOUNT_MAX }),
  applies_to: s.object({ products: s.array(s.id(), { max: 100 }) }),
  currency: s.currency(),
  currency_options: currencyOptions,
  duration: s.enum(['forever', 'once', 'repeating'] as const),
  duration_in_months: s.integer({ min: 1, max: 1200 }),
  id: s.string({ max: 5000 }),
  max_redemptions: s.integer({ min: 1 }),
  metadata: s.metadata(),
  name: s.string({ max: 40 }),
  percent_off: s.number(),
  redeem_by: s.timestamp(),
};

/** "Other coupon details (currency, duration, amount_off) are, by design, not editable." */
export const updateCoupon = {
  currency_options: currencyOptions,
  metadata: s.metadata(),
  name: s.string({ max: 40 }),
};

export const listCoupons = { ...listFields, created: s.range() };

export type CreateCoupon = InferFields<typeof createCoupon>;
export type UpdateCoupon = InferFields<typeof updateCoupon>;
export type ListCoupons = InferFields<typeof listCoupons>;
