import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

const line = s.object({
  type: s.enum(['invoice_line_item', 'custom_line_item'] as const, { required: true }),
  amount: s.integer({ min: 0 }),
  description: s.string({ max: 5000 }),
  invoice_line_item: s.id(),
  metadata: s.metadata(),
  quantity: s.integer({ min: 0 }),
  tax_amounts: s.array(s.object({ amount: s.integer(), tax_rate: s.id(), taxable_amount: s.integer() }), { emptyable: true, max: 10 }),
  tax_rates: s.array(s.id(), { emptyable: true, max: 10 }),
  unit_amount: s.integer({ min: 0 }),
  unit_amount_decimal: s.decimal(),
});

/** Create, preview and preview/lines take the same params. */
export const createCreditNote = {
  invoice: s.id({ required: true }),
  amount: s.integer({ min: 0 }),
  credit_amount: s.integer({ min: 0 }),
  effective_at: s.timestamp(),
  email_type: s.enum(['credit_note', 'none'] as const),
  lines: s.array(line, { max: 500 }),
  memo: s.string({ max: 5000 }),
  metadata: s.metadata(),
  out_of_band_amount: s.integer({ min: 0 }),
  reason: s.enum(['duplicate', 'fraudulent', 'order_change', 'product_unsatisfactory'] as const),
  refund_amount: s.integer({ min: 0 }),
  refunds: s.array(s.object({ refund: s.id(), amount_refunded: s.integer({ min: 0 }), type: s.enum(['refund', 'payment_record_refund'] as const), payment_record_refund: s.object({ payment_record: s.id(), refund_group: s.id() }) }), { max: 50 }),
  shipping_cost: s.object({ shipping_rate: s.id() }),
};
export const previewLines = { ...createCreditNote, ...listFields };
export const updateCreditNote = { memo: s.string({ max: 5000 }), metadata: s.metadata() };
export const listCreditNotes = { ...listFields, created: s.range(), customer: s.id(), customer_account: s.id(), invoice: s.id() };
export const listLines = { ...listFields };

export type CreateCreditNote = InferFields<typeof createCreditNote>;
export type CreditNoteLineParam = NonNullable<CreateCreditNote['lines']>[number];
export type ListCreditNotes = InferFields<typeof listCreditNotes>;
