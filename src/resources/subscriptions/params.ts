import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';
import { discountsParam, taxBehavior } from '../shared-params.ts';
import { cancelAtParam, type CancelAtInput } from './cancel-at.ts';

const interval = s.enum(['day', 'week', 'month', 'year'] as const);

/** `price_data` of a subscription item: a recurring inline price. */
export const recurringPriceData = s.object({
  currency: s.currency({ required: true }),
  product: s.id({ required: true }),
  recurring: s.object({ interval: s.enum(['day', 'week', 'month', 'year'] as const, { required: true }), interval_count: s.integer({ min: 1 }) }, { required: true }),
  tax_behavior: taxBehavior,
  unit_amount: s.integer({ min: 0, max: 999_999_999_999 }),
  unit_amount_decimal: s.decimal(),
});

export const itemFields = {
  discounts: discountsParam,
  metadata: s.metadata(),
  plan: s.id(),
  price: s.id(),
  price_data: recurringPriceData,
  quantity: s.integer({ min: 0, max: 999_999_999 }),
  tax_rates: s.array(s.id(), { max: 10, emptyable: true }),
};

const addInvoiceItem = s.object({
  discounts: discountsParam,
  metadata: s.metadata(),
  period: s.object({ start: s.object({ type: s.string(), timestamp: s.timestamp() }), end: s.object({ type: s.string(), timestamp: s.timestamp() }) }),
  price: s.id(),
  price_data: s.object({
    currency: s.currency({ required: true }),
    product: s.id({ required: true }),
    tax_behavior: taxBehavior,
    unit_amount: s.integer({ min: 0, max: 999_999_999_999 }),
    unit_amount_decimal: s.decimal(),
  }),
  quantity: s.integer({ min: 0, max: 999_999_999 }),
  tax_rates: s.array(s.id(), { max: 10, emptyable: true }),
});

export const prorationBehavior = s.enum(['always_invoice', 'create_prorations', 'none'] as const);
const billingMode = s.object({
  type: s.enum(['classic', 'flexible'] as const, { required: true }),
  flexible: s.object({ proration_discounts: s.enum(['included', 'itemized'] as const) }),
});
const pauseCollection = s.object(
  { behavior: s.enum(['keep_as_draft', 'mark_uncollectible', 'void'] as const, { required: true }), resumes_at: s.timestamp() },
  { emptyable: true },
);
const cancellationDetails = s.object(
  {
    comment: s.string({ max: 5000, emptyable: true }),
    feedback: s.enum(['customer_service', 'low_quality', 'missing_features', 'other', 'switched_service', 'too_complex', 'too_expensive', 'unused'] as const, { emptyable: true }),
  },
);
const paymentSettings = s.object({
  payment_method_types: s.array(s.string(), { emptyable: true }),
  save_default_payment_method: s.enum(['off', 'on_subscription'] as const),
});
const trialSettings = s.object({
  end_behavior: s.object({ missing_payment_method: s.enum(['cancel', 'create_invoice', 'pause'] as const, { required: true }) }, { required: true }),
});

/** Stripe: "Maximum of one year interval allowed (1 year, 12 months, or 52 weeks)" (checked by pending-interval.ts). */
const pendingInvoiceItemInterval = s.object(
  { interval: s.enum(['day', 'week', 'month', 'year'] as const, { required: true }), interval_count: s.integer({ min: 1 }) },
  { emptyable: true },
);
const billingCycleAnchorConfig = s.object({
  day_of_month: s.integer({ min: 1, max: 31, required: true }),
  hour: s.integer({ min: 0, max: 23 }),
  minute: s.integer({ min: 0, max: 59 }),
  month: s.integer({ min: 1, max: 12 }),
  second: s.integer({ min: 0, max: 59 }),
});

const shared = {
  add_invoice_items: s.array(addInvoiceItem, { max: 20 }),
  /** A timestamp or `min_period_end`/`max_period_end` (cancel-at.ts). */
  cancel_at: cancelAtParam,
  cancel_at_period_end: s.boolean(),
  collection_method: s.enum(['charge_automatically', 'send_invoice'] as const),
  days_until_due: s.integer({ min: 0, max: 730 }),
  default_payment_method: s.id(),
  default_source: s.id(),
  default_tax_rates: s.array(s.id(), { emptyable: true }),
  description: s.string({ max: 500 }),
  discounts: discountsParam,
  metadata: s.metadata(),
  off_session: s.boolean(),
  payment_settings: paymentSettings,
  pending_invoice_item_interval: pendingInvoiceItemInterval,
  proration_behavior: prorationBehavior,
  trial_settings: trialSettings,
  /** `now` or a timestamp (checked by the service). */
  trial_end: s.string(),
};

export const createSubscription = {
  ...shared,
  customer: s.id(),
  customer_account: s.id(),
  currency: s.currency(),
  items: s.array(s.object(itemFields)),
  backdate_start_date: s.timestamp(),
  billing_cycle_anchor: s.timestamp(),
  billing_cycle_anchor_config: billingCycleAnchorConfig,
  billing_mode: billingMode,
  payment_behavior: s.enum(['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const),
  trial_from_plan: s.boolean(),
  trial_period_days: s.integer({ min: 0, max: 730 }),
};

export const updateSubscription = {
  ...shared,
  items: s.array(s.object({ ...itemFields, id: s.id(), deleted: s.boolean(), clear_usage: s.boolean() })),
  /** `now` or `unchanged`. */
  billing_cycle_anchor: s.enum(['now', 'unchanged'] as const),
  cancellation_details: cancellationDetails,
  pause_collection: pauseCollection,
  payment_behavior: s.enum(['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const),
  proration_date: s.timestamp(),
  trial_from_plan: s.boolean(),
};

export const cancelSubscription = {
  cancellation_details: cancellationDetails,
  invoice_now: s.boolean(),
  prorate: s.boolean(),
};

export const resumeSubscription = {
  /** `now` or `unchanged` (the `{type}` form is unwrapped by the route: module.ts). */
  billing_cycle_anchor: s.enum(['now', 'unchanged'] as const),
  payment_behavior: s.enum(['resume_on_payment_attempt', 'resume_on_payment_success'] as const),
  proration_behavior: prorationBehavior,
  proration_date: s.timestamp(),
};

export const pauseSubscription = {
  bill_for: s.object({
    outstanding_usage_through: s.object({ type: s.enum(['none', 'now'] as const, { required: true }) }),
    unused_time_from: s.object({ type: s.enum(['item_current_period_start', 'none', 'now'] as const, { required: true }) }),
  }),
  invoicing_behavior: s.enum(['invoice', 'pending_invoice_item'] as const),
  type: s.enum(['subscription'] as const),
};

export const migrateSubscription = {
  billing_mode: s.object(
    { type: s.enum(['flexible'] as const, { required: true }), flexible: s.object({ proration_discounts: s.enum(['included', 'itemized'] as const) }) },
    { required: true },
  ),
};

export const listSubscriptions = {
  ...listFields,
  automatic_tax: s.object({ enabled: s.boolean({ required: true }) }),
  collection_method: s.enum(['charge_automatically', 'send_invoice'] as const),
  created: s.range(),
  current_period_end: s.range(),
  current_period_start: s.range(),
  customer: s.id(),
  customer_account: s.id(),
  plan: s.id(),
  price: s.id(),
  status: s.enum(['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] as const),
  test_clock: s.id(),
};

export { interval };
/** `cancel_at` as sent (a string) or as a preview passes it on (a number): parsed by the service. */
type WithCancelAt<T> = Omit<T, 'cancel_at'> & { cancel_at?: CancelAtInput };
export type CreateSubscription = WithCancelAt<InferFields<typeof createSubscription>>;
export type UpdateSubscription = WithCancelAt<InferFields<typeof updateSubscription>>;
export type CancelSubscription = InferFields<typeof cancelSubscription>;
export type ResumeSubscription = InferFields<typeof resumeSubscription>;
export type PauseSubscription = InferFields<typeof pauseSubscription>;
export type MigrateSubscription = InferFields<typeof migrateSubscription>;
export type ListSubscriptions = InferFields<typeof listSubscriptions>;
export type ItemParams = InferFields<typeof itemFields>;
