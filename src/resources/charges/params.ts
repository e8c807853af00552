import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

export const listCharges = { ...listFields, created: s.range(), customer: s.id(), payment_intent: s.id(), transfer_group: s.string() };
export const updateCharge = { description: s.string({ max: 40000, emptyable: true }), metadata: s.metadata() };

export type ListCharges = InferFields<typeof listCharges>;

export const createCharge = {
  amount: s.integer({ required: true, min: 1, max: 99_999_999 }),
  currency: s.currency({ required: true }),
  capture: s.boolean(),
  customer: s.id(),
  description: s.string({ max: 40000 }),
  metadata: s.metadata(),
  receipt_email: s.string({ max: 5000 }),
  source: s.id(),
  statement_descriptor: s.string({ max: 22 }),
  statement_descriptor_suffix: s.string({ max: 22 }),
};
export const captureCharge = {
  amount: s.integer({ min: 1 }),
  receipt_email: s.string({ max: 5000 }),
  statement_descriptor: s.string({ max: 22 }),
  statement_descriptor_suffix: s.string({ max: 22 }),
};

export type CreateCharge = InferFields<typeof createCharge>;
export type CaptureCharge = InferFields<typeof captureCharge>;
