import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';
import { address, shipping } from '../shared-params.ts';

const invoiceSettings = s.object({
  custom_fields: s.array(s.object({ name: s.string({ max: 40, required: true }), value: s.string({ max: 140, required: true }) }), {
    emptyable: true,
    max: 4,
  }),
  default_payment_method: s.id({ emptyable: true }),
  footer: s.string({ max: 5000 }),
  rendering_options: s.object(
    { amount_tax_display: s.enum(['exclude_tax', 'include_inclusive_tax'] as const, { emptyable: true }), template: s.id() },
    { emptyable: true },
  ),
});

const common = {
  address,
  balance: s.integer({ min: -99999999999, max: 99999999999 }),
  description: s.string({ max: 5000 }),
  email: s.string({ max: 512 }),
  invoice_prefix: s.string({ max: 12, pattern: /^[A-Z0-9]{1,12}$/, patternMessage: 'Invalid invoice_prefix: must consist of 1 to 12 uppercase letters or numbers' }),
  invoice_settings: invoiceSettings,
  metadata: s.metadata(),
  name: s.string({ max: 256 }),
  next_invoice_sequence: s.integer({ min: 1, max: 999999999 }),
  phone: s.string({ max: 20 }),
  preferred_locales: s.array(s.string({ max: 5000 }), { max: 20 }),
  shipping,
  tax_exempt: s.enum(['exempt', 'none', 'reverse'] as const, { emptyable: true }),
};

export const createCustomer = { ...common, payment_method: s.id(), test_clock: s.id() };
export const updateCustomer = { ...common };
export const listCustomers = { ...listFields, created: s.range(), email: s.string({ max: 512 }), test_clock: s.id() };

export type CreateCustomer = InferFields<typeof createCustomer>;
export type UpdateCustomer = InferFields<typeof updateCustomer>;
export type ListCustomers = InferFields<typeof listCustomers>;

export const createBalanceTransaction = {
  amount: s.integer({ required: true, min: -99999999999, max: 99999999999 }),
  currency: s.currency({ required: true }),
  description: s.string({ max: 350 }),
  metadata: s.metadata(),
};
export const updateBalanceTransaction = { description: s.string({ max: 350 }), metadata: s.metadata() };
export const listBalanceTransactions = { ...listFields, created: s.range(), invoice: s.id() };

export type CreateBalanceTransaction = InferFields<typeof createBalanceTransaction>;
export type ListBalanceTransactions = InferFields<typeof listBalanceTransactions>;
