import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';
import { discountsParam, taxBehavior } from '../shared-params.ts';

/** Amounts: Stripe allows up to 12 digits. */
const AMOUNT_LIMIT = 999_999_999_999;

const period = s.object({ start: s.timestamp({ required: true }), end: s.timestamp({ required: true }) });
const priceData = s.object({
  currency: s.currency({ required: true }),
  product: s.id({ required: true }),
  tax_behavior: taxBehavior,
  unit_amount: s.integer({ min: 0, max: AMOUNT_LIMIT }),
  unit_amount_decimal: s.decimal(),
});

const editable = {
  amount: s.integer({ min: -AMOUNT_LIMIT, max: AMOUNT_LIMIT }),
  description: s.string({ max: 5000 }),
  discountable: s.boolean(),
  discounts: discountsParam,
  metadata: s.metadata(),
  period,
  price_data: priceData,
  pricing: s.object({ price: s.id() }),
  quantity: s.integer({ min: 0, max: 999_999_999 }),
  quantity_decimal: s.decimal(),
  tax_behavior: taxBehavior,
  tax_code: s.id({ emptyable: true }),
  unit_amount_decimal: s.decimal({ allowNegative: true }),
};

export const createInvoiceItem = {
  ...editable,
  currency: s.currency(),
  customer: s.id(),
  customer_account: s.id(),
  invoice: s.id(),
  subscription: s.id(),
  tax_rates: s.array(s.id(), { max: 10 }),
};

export const updateInvoiceItem = {
  ...editable,
  invoicing_rules: s.enum([] as const, { emptyable: true }),
  tax_rates: s.array(s.id(), { max: 10, emptyable: true }),
};

export const listInvoiceItems = {
  ...listFields,
  created: s.range(),
  customer: s.id(),
  customer_account: s.id(),
  invoice: s.id(),
  pending: s.boolean(),
};

export type CreateInvoiceItem = InferFields<typeof createInvoiceItem>;
export type UpdateInvoiceItem = InferFields<typeof updateInvoiceItem>;
export type ListInvoiceItems = InferFields<typeof listInvoiceItems>;
