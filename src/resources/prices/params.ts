import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';
import { taxBehavior } from '../shared-params.ts';
import { productData } from '../products/params.ts';

export const UNIT_AMOUNT_MAX = 999_999_999_999;
const interval = s.enum(['day', 'week', 'month', 'year'] as const);
const usageType = s.enum(['licensed', 'metered'] as const);

export const createPrice = {
  currency: s.currency({ required: true }),
  active: s.boolean(),
  billing_scheme: s.enum(['per_unit', 'tiered'] as const),
  // Accepted so that a request using them gets a clear "not supported", not "unknown parameter".
  custom_unit_amount: s.object({
    enabled: s.boolean({ required: true }),
    maximum: s.integer({ min: 0 }),
    minimum: s.integer({ min: 0 }),
    preset: s.integer({ min: 0 }),
  }),
  lookup_key: s.string({ max: 200 }),
  metadata: s.metadata(),
  nickname: s.string({ max: 5000 }),
  product: s.id(),
  product_data: productData,
  recurring: s.object({
    interval: s.enum(['day', 'week', 'month', 'year'] as const, { required: true }),
    interval_count: s.integer({ min: 1 }),
    trial_period_days: s.integer({ min: 0, max: 730 }),
    usage_type: usageType,
  }),
  tax_behavior: taxBehavior,
  tiers: s.array(
    s.object({
      flat_amount: s.integer({ min: 0 }),
      flat_amount_decimal: s.decimal(),
      unit_amount: s.integer({ min: 0 }),
      unit_amount_decimal: s.decimal(),
      up_to: s.string({ required: true }),
    }),
  ),
  tiers_mode: s.enum(['graduated', 'volume'] as const),
  transfer_lookup_key: s.boolean(),
  unit_amount: s.integer({ min: 0, max: UNIT_AMOUNT_MAX }),
  unit_amount_decimal: s.decimal(),
};

export const updatePrice = {
  active: s.boolean(),
  lookup_key: s.string({ max: 200 }),
  metadata: s.metadata(),
  nickname: s.string({ max: 5000 }),
  tax_behavior: taxBehavior,
  transfer_lookup_key: s.boolean(),
};

export const listPrices = {
  ...listFields,
  active: s.boolean(),
  created: s.range(),
  currency: s.currency(),
  lookup_keys: s.array(s.string({ max: 200 }), { max: 10 }),
  product: s.id(),
  recurring: s.object({ interval, usage_type: usageType }),
  type: s.enum(['one_time', 'recurring'] as const),
};

export type CreatePrice = InferFields<typeof createPrice>;
export type UpdatePrice = InferFields<typeof updatePrice>;
export type ListPrices = InferFields<typeof listPrices>;
