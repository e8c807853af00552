import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

const confirmFields = {
  error_on_requires_action: s.boolean(),
  off_session: s.boolean(),
  payment_method: s.id(),
  receipt_email: s.string({ max: 5000, emptyable: true }),
  return_url: s.string({ max: 5000 }),
  setup_future_usage: s.enum(['off_session', 'on_session'] as const, { emptyable: true }),
};

export const createPaymentIntent = {
  ...confirmFields,
  amount: s.integer({ required: true, min: 1, max: 99_999_999 }),
  currency: s.currency({ required: true }),
  automatic_payment_methods: s.object({ allow_redirects: s.enum(['always', 'never'] as const), enabled: s.boolean({ required: true }) }),
  capture_method: s.enum(['automatic', 'automatic_async', 'manual'] as const),
  confirm: s.boolean(),
  confirmation_method: s.enum(['automatic', 'manual'] as const),
  customer: s.id(),
  description: s.string({ max: 1000 }),
  metadata: s.metadata(),
  payment_method_types: s.array(s.string({ max: 5000 }), { max: 50 }),
  statement_descriptor: s.string({ max: 22 }),
  statement_descriptor_suffix: s.string({ max: 22 }),
};

export const updatePaymentIntent = {
  amount: s.integer({ min: 1, max: 99_999_999 }),
  currency: s.currency(),
  customer: s.id(),
  description: s.string({ max: 1000, emptyable: true }),
  metadata: s.metadata(),
  payment_method: s.id(),
  receipt_email: s.string({ max: 5000, emptyable: true }),
  setup_future_usage: s.enum(['off_session', 'on_session'] as const, { emptyable: true }),
  statement_descriptor: s.string({ max: 22 }),
};

export const confirmPaymentIntent = { ...confirmFields, capture_method: s.enum(['automatic', 'automatic_async', 'manual'] as const) };

export const capturePaymentIntent = {
  amount_to_capture: s.integer({ min: 1 }),
  final_capture: s.boolean(),
  metadata: s.metadata(),
  statement_descriptor: s.string({ max: 22 }),
};

export const cancelPaymentIntent = {
  cancellation_reason: s.enum(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const),
};

export const listPaymentIntents = { ...listFields, created: s.range(), customer: s.id() };

export type CreatePaymentIntent = InferFields<typeof createPaymentIntent>;
export type UpdatePaymentIntent = InferFields<typeof updatePaymentIntent>;
export type ConfirmPaymentIntent = InferFields<typeof confirmPaymentIntent>;
export type CapturePaymentIntent = InferFields<typeof capturePaymentIntent>;
export type ListPaymentIntents = InferFields<typeof listPaymentIntents>;
