import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';
import { address } from '../shared-params.ts';

const billingDetails = s.object({
  address,
  email: s.string({ max: 800, emptyable: true }),
  name: s.string({ max: 5000, emptyable: true }),
  phone: s.string({ max: 5000, emptyable: true }),
});

const allowRedisplay = s.enum(['always', 'limited', 'unspecified'] as const);

export const createPaymentMethod = {
  type: s.enum(['card'] as const),
  card: s.object({
    token: s.id(),
    number: s.string({ max: 5000 }),
    exp_month: s.integer(),
    exp_year: s.integer(),
    cvc: s.string({ max: 5000 }),
  }),
  billing_details: billingDetails,
  metadata: s.metadata(),
  allow_redisplay: allowRedisplay,
  customer: s.id(),
  payment_method: s.id(),
};

export const updatePaymentMethod = {
  billing_details: billingDetails,
  card: s.object({ exp_month: s.integer({ min: 1, max: 12 }), exp_year: s.integer() }),
  metadata: s.metadata(),
  allow_redisplay: allowRedisplay,
};

export const attachPaymentMethod = { customer: s.id({ required: true }) };

export const listPaymentMethods = {
  ...listFields,
  customer: s.id(),
  type: s.string({ max: 5000 }),
  allow_redisplay: allowRedisplay,
};

export const listCustomerPaymentMethods = {
  ...listFields,
  type: s.string({ max: 5000 }),
  allow_redisplay: allowRedisplay,
};

export type CreatePaymentMethod = InferFields<typeof createPaymentMethod>;
export type UpdatePaymentMethod = InferFields<typeof updatePaymentMethod>;
export type ListPaymentMethods = InferFields<typeof listPaymentMethods>;
