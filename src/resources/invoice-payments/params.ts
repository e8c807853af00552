import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

export const listInvoicePayments = {
  ...listFields,
  created: s.range(),
  invoice: s.id(),
  payment: s.object({ payment_intent: s.id(), payment_record: s.id(), type: s.enum(['payment_intent', 'payment_record'] as const) }),
  status: s.enum(['canceled', 'open', 'paid'] as const),
};

export type ListInvoicePayments = InferFields<typeof listInvoicePayments>;
