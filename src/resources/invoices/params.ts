import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';
import { address, addressFields, discountsParam, taxBehavior } from '../shared-params.ts';
import { createSubscription as subscriptionCreate, updateSubscription as subscriptionUpdate, prorationBehavior } from '../subscriptions/params.ts';

const customFields = s.array(s.object({ name: s.string({ max: 40, required: true }), value: s.string({ max: 140, required: true }) }), {
  emptyable: true,
  max: 4,
});
const shippingDetails = s.object(
  {
    address: s.object(addressFields, { required: true }),
    name: s.string({ max: 5000, required: true }),
    phone: s.string({ max: 5000, emptyable: true }),
  },
  { emptyable: true },
);
const rendering = s.object({
  amount_tax_display: s.enum(['exclude_tax', 'include_inclusive_tax'] as const, { emptyable: true }),
  pdf: s.object({ page_size: s.enum(['a4', 'auto', 'letter'] as const) }),
  template: s.id(),
  template_version: s.integer({ emptyable: true }),
});
const paymentSettings = s.object({
  default_mandate: s.id({ emptyable: true }),
  payment_method_options: s.object({}, { emptyable: true }),
  payment_method_types: s.array(s.string({ max: 100 }), { emptyable: true, max: 50 }),
});
const transferData = s.object({ amount: s.integer({ min: 0 }), destination: s.id({ required: true }) }, { emptyable: true });
const issuer = s.object({ account: s.id(), type: s.enum(['account', 'self'] as const, { required: true }) });
const automaticTax = s.object({ enabled: s.boolean({ required: true }), liability: s.object({ account: s.id(), type: s.enum(['account', 'self'] as const) }) });
const shippingCost = s.object({ shipping_rate: s.id(), shipping_rate_data: s.object({}) }, { emptyable: true });

const common = {
  account_tax_ids: s.array(s.id(), { emptyable: true, max: 25 }),
  application_fee_amount: s.integer({ min: 0 }),
  auto_advance: s.boolean(),
  automatic_tax: automaticTax,
  automatically_finalizes_at: s.timestamp(),
  collection_method: s.enum(['charge_automatically', 'send_invoice'] as const),
  custom_fields: customFields,
  days_until_due: s.integer({ min: 0, max: 36500 }),
  default_payment_method: s.id({ emptyable: true }),
  description: s.string({ max: 1500 }),
  discounts: discountsParam,
  due_date: s.timestamp(),
  footer: s.string({ max: 5000 }),
  issuer,
  metadata: s.metadata(),
  payment_settings: paymentSettings,
  rendering,
  statement_descriptor: s.string({ max: 22 }),
};

export const createInvoice = {
  ...common,
  currency: s.currency(),
  customer: s.id(),
  customer_account: s.id(),
  default_source: s.id(),
  default_tax_rates: s.array(s.id(), { max: 10 }),
  effective_at: s.timestamp(),
  from_invoice: s.object({ action: s.enum(['revision'] as const, { required: true }), invoice: s.id({ required: true }) }),
  number: s.string({ max: 26 }),
  on_behalf_of: s.id(),
  pending_invoice_items_behavior: s.enum(['exclude', 'include'] as const),
  shipping_cost: shippingCost,
  shipping_details: shippingDetails,
  subscription: s.id(),
  transfer_data: transferData,
};

export const updateInvoice = {
  ...common,
  default_source: s.id({ emptyable: true }),
  default_tax_rates: s.array(s.id(), { max: 10, emptyable: true }),
  effective_at: s.timestamp({ emptyable: true }),
  number: s.string({ max: 26, emptyable: true }),
  on_behalf_of: s.id({ emptyable: true }),
  shipping_cost: shippingCost,
  shipping_details: shippingDetails,
  transfer_data: transferData,
};

export const listInvoices = {
  ...listFields,
  collection_method: s.enum(['charge_automatically', 'send_invoice'] as const),
  created: s.range(),
  customer: s.id(),
  customer_account: s.id(),
  due_date: s.range(),
  status: s.enum(['draft', 'open', 'paid', 'uncollectible', 'void'] as const),
  subscription: s.id(),
};

export const finalizeInvoice = { auto_advance: s.boolean() };
export const payInvoice = {
  forgive: s.boolean(),
  mandate: s.id({ emptyable: true }),
  off_session: s.boolean(),
  paid_out_of_band: s.boolean(),
  payment_method: s.id(),
  source: s.id(),
};
export const noParams = {};

const lineEdit = {
  amount: s.integer({ min: -999_999_999_999, max: 999_999_999_999 }),
  description: s.string({ max: 5000 }),
  discountable: s.boolean(),
  discounts: discountsParam,
  metadata: s.metadata(),
  period: s.object({ start: s.timestamp({ required: true }), end: s.timestamp({ required: true }) }),
  price_data: s.object({
    currency: s.currency({ required: true }),
    product: s.id(),
    product_data: s.object({
      name: s.string({ max: 5000, required: true }),
      description: s.string({ max: 40000 }),
      images: s.array(s.string(), { max: 8 }),
      metadata: s.metadata(),
      tax_code: s.id(),
      tax_details: s.object({ performance_location: s.id(), tax_code: s.id({ emptyable: true }) }),
      unit_label: s.string({ max: 12 }),
    }),
    tax_behavior: taxBehavior,
    unit_amount: s.integer({ min: 0, max: 999_999_999_999 }),
    unit_amount_decimal: s.decimal(),
  }),
  pricing: s.object({ price: s.id() }),
  quantity: s.integer({ min: 0, max: 999_999_999 }),
  quantity_decimal: s.decimal(),
  tax_amounts: s.array(
    s.object({
      amount: s.integer({ required: true }),
      tax_rate_data: s.object(
        {
          country: s.string({ max: 5000 }),
          description: s.string({ max: 5000 }),
          display_name: s.string({ max: 50, required: true }),
          inclusive: s.boolean({ required: true }),
          jurisdiction: s.string({ max: 200 }),
          jurisdiction_level: s.enum(['city', 'country', 'county', 'district', 'multiple', 'state'] as const),
          percentage: s.number({ min: 0, max: 100, required: true }),
          state: s.string({ max: 5000 }),
          tax_type: s.string({ max: 100 }),
        },
        { required: true },
      ),
      taxability_reason: s.string({ max: 100 }),
      taxable_amount: s.integer({ required: true }),
    }),
    { emptyable: true, max: 10 },
  ),
  tax_rates: s.array(s.id(), { max: 10, emptyable: true }),
};

export const updateLineItem = lineEdit;
export const addLines = {
  invoice_metadata: s.metadata(),
  lines: s.array(s.object({ ...lineEdit, invoice_item: s.id() }), { required: true, max: 250 }),
};
export const removeLines = {
  invoice_metadata: s.metadata(),
  lines: s.array(s.object({ id: s.id({ required: true }), behavior: s.enum(['delete', 'unassign'] as const, { required: true }) }), {
    required: true,
    max: 250,
  }),
};
export const updateLines = {
  invoice_metadata: s.metadata(),
  lines: s.array(s.object({ ...lineEdit, id: s.id({ required: true }) }), { required: true, max: 250 }),
};
export const listLines = listFields;

export const createPreview = {
  currency: s.currency(),
  customer: s.id(),
  customer_account: s.id(),
  discounts: discountsParam,
  invoice_items: s.array(
    s.object({
      amount: s.integer({ min: -999_999_999_999, max: 999_999_999_999 }),
      currency: s.currency(),
      description: s.string({ max: 5000 }),
      discountable: s.boolean(),
      discounts: discountsParam,
      invoiceitem: s.id(),
      metadata: s.metadata(),
      period: s.object({ start: s.timestamp({ required: true }), end: s.timestamp({ required: true }) }),
      price_data: lineEdit.price_data,
      pricing: s.object({ price: s.id() }),
      quantity: s.integer({ min: 0 }),
      quantity_decimal: s.decimal(),
      tax_behavior: taxBehavior,
      tax_code: s.id({ emptyable: true }),
      tax_rates: s.array(s.id(), { emptyable: true, max: 10 }),
      unit_amount_decimal: s.decimal({ allowNegative: true }),
    }),
    { max: 250 },
  ),
  customer_details: s.object({ address, tax_exempt: s.enum(['exempt', 'none', 'reverse'] as const, { emptyable: true }) }),
  preview_mode: s.enum(['next', 'recurring'] as const),
  schedule: s.id(),
  subscription: s.id(),
  /** A subscription change (or a new subscription) to preview; resources/subscriptions/preview.ts. */
  subscription_details: s.object({
    /** Before 2026-09-30.endive `now`, `unchanged` or a timestamp (versions/changes). */
    billing_cycle_anchor: s.object({ type: s.enum(['now', 'timestamp', 'unchanged'] as const, { required: true }), timestamp: s.timestamp() }),
    billing_mode: subscriptionCreate.billing_mode,
    /** A timestamp or `min_period_end`/`max_period_end` (subscriptions/cancel-at.ts). */
    cancel_at: subscriptionUpdate.cancel_at,
    cancel_at_period_end: s.boolean(),
    cancel_now: s.boolean(),
    default_tax_rates: s.array(s.id(), { emptyable: true }),
    items: subscriptionUpdate.items,
    metadata: s.metadata(),
    proration_behavior: prorationBehavior,
    proration_date: s.timestamp(),
    resume_at: s.enum(['now'] as const),
    start_date: s.timestamp(),
    /** `now` or a timestamp (checked by the subscription). */
    trial_end: s.string(),
  }),
};

/** GET /v1/invoices/upcoming, for clients before 2025-03-31.basil: create_preview's params as they were then. */
const { customer_account: _ca, preview_mode: _pm, ...previewBefore2025 } = createPreview;
export const upcoming = previewBefore2025;
export const upcomingLines = { ...upcoming, ...listFields };

export type CreateInvoice = InferFields<typeof createInvoice>;
export type UpdateInvoice = InferFields<typeof updateInvoice>;
export type ListInvoices = InferFields<typeof listInvoices>;
export type PayInvoice = InferFields<typeof payInvoice>;
export type LineEdit = InferFields<typeof lineEdit>;
export type AddLines = InferFields<typeof addLines>;
export type RemoveLines = InferFields<typeof removeLines>;
export type UpdateLines = InferFields<typeof updateLines>;
export type CreatePreview = InferFields<typeof createPreview>;
export type Upcoming = InferFields<typeof upcoming>;
export type UpcomingLines = InferFields<typeof upcomingLines>;
