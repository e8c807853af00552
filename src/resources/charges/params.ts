import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

export const listCharges = { ...listFields, created: s.range(), customer: s.id(), payment_intent: s.id(), transfer_group: s.string() };
export const updateCharge = { description: s.string({ max: 40000, emptyable: true }), metadata: s.metadata() };

export type ListCharges = InferFields<typeof listCharges>;
