import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';

/** stripe@23 (`2026-10-28.endive`) TaxRate.TaxType. */
export const TAX_TYPES = [
  'admissions_tax', 'amusement_tax', 'attendance_tax', 'communications_tax', 'digital_excise_tax',
  'entertainment_tax', 'get_fund', 'gross_receipts_tax', 'gst', 'hospitality_tax', 'hst', 'igst', 'jct',
  'lease_tax', 'luxury_tax', 'mass_transit_parking_tax', 'nhil', 'parking_tax', 'pst', 'qst', 'resort_tax',
  'retail_delivery_fee', 'rst', 'sales_tax', 'service_tax', 'tourism_tax', 'utility_users_tax', 'vat',
] as const;
const taxType = s.enum(TAX_TYPES);

const common = {
  active: s.boolean(),
  country: s.string({ max: 5000 }),
  description: s.string({ max: 5000 }),
  jurisdiction: s.string({ max: 50 }),
  metadata: s.metadata(),
  state: s.string({ max: 5000 }),
  tax_type: taxType,
};

export const createTaxRate = {
  ...common,
  display_name: s.string({ max: 50, required: true }),
  inclusive: s.boolean({ required: true }),
  percentage: s.number({ required: true }),
};

/** `percentage` and `inclusive` are not update params: a rate's terms are fixed. */
export const updateTaxRate = { ...common, display_name: s.string({ max: 50 }) };

export const listTaxRates = { ...listFields, active: s.boolean(), created: s.range(), inclusive: s.boolean() };

export type CreateTaxRate = InferFields<typeof createTaxRate>;
export type UpdateTaxRate = InferFields<typeof updateTaxRate>;
export type ListTaxRates = InferFields<typeof listTaxRates>;
