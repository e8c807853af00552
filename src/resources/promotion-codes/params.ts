import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';
import { SUPPORTED_CURRENCIES } from '../../billing/currency.ts';

const AMOUNT_MAX = 99_999_999_999;

/** `restrictions[currency_options][eur][minimum_amount]=500`. */
const currencyOption = s.object({ minimum_amount: s.integer({ min: 0, max: AMOUNT_MAX }) });
const currencyOptions = s.object(
  Object.fromEntries(SUPPORTED_CURRENCIES.map((c) => [c, currencyOption])) as Record<string, typeof currencyOption>,
);

export const createPromotionCode = {
  active: s.boolean(),
  code: s.string({ max: 500 }),
  customer: s.id(),
  customer_account: s.id(),
  expires_at: s.timestamp(),
  max_redemptions: s.integer({ min: 1 }),
  metadata: s.metadata(),
  // Since 2025-09-30.clover; older clients send `coupon`, turned into this on the way in.
  promotion: s.object({ coupon: s.id(), type: s.enum(['coupon'] as const, { required: true }) }, { required: true }),
  restrictions: s.object({
    currency_options: currencyOptions,
    first_time_transaction: s.boolean(),
    minimum_amount: s.integer({ min: 0, max: AMOUNT_MAX }),
    minimum_amount_currency: s.currency(),
  }),
};

export const updatePromotionCode = {
  active: s.boolean(),
  metadata: s.metadata(),
  restrictions: s.object({ currency_options: currencyOptions }),
};

export const listPromotionCodes = {
  ...listFields,
  active: s.boolean(),
  code: s.string({ max: 5000 }),
  coupon: s.id(),
  created: s.range(),
  customer: s.id(),
  customer_account: s.id(),
};

export type CreatePromotionCode = InferFields<typeof createPromotionCode>;
export type UpdatePromotionCode = InferFields<typeof updatePromotionCode>;
export type ListPromotionCodes = InferFields<typeof listPromotionCodes>;
