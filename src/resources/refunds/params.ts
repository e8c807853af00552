import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

export const createRefund = {
  amount: s.integer({ min: 1 }),
  charge: s.id(),
  payment_intent: s.id(),
  reason: s.enum(['duplicate', 'fraudulent', 'requested_by_customer'] as const),
  metadata: s.metadata(),
  instructions_email: s.string({ max: 5000 }),
  refund_application_fee: s.boolean(),
  reverse_transfer: s.boolean(),
};
export const updateRefund = { metadata: s.metadata() };
export const listRefunds = { ...listFields, charge: s.id(), payment_intent: s.id(), created: s.range() };

export type CreateRefund = InferFields<typeof createRefund>;
export type ListRefunds = InferFields<typeof listRefunds>;
