// The subscription and its items in the newest API shape (stripe@23 Subscription, SubscriptionItem).
// Items are stored inside their subscription (one row, one lock, and `customer.subscription.updated`
// shows item changes in `previous_attributes` as Stripe's does); a pointer row per item
// (type subscription_item_ref) finds an item's subscription by the item's id.
import type { Price } from '../prices/model.ts';
import type { TaxRateSnapshot } from '../invoice-items/model.ts';

export type SubscriptionStatus = 'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';

/** Stripe's legacy Plan, which every recurring Price also is (same id). */
export interface Plan {
  id: string;
  object: 'plan';
  active: boolean;
  amount: number | null;
  amount_decimal: string | null;
  billing_scheme: 'per_unit';
  created: number;
  currency: string;
  interval: string;
  interval_count: number;
  livemode: false;
  metadata: Record<string, string>;
  meter: string | null;
  nickname: string | null;
  product: string;
  tiers_mode: null;
  transform_usage: null;
  trial_period_days: number | null;
  usage_type: string;
}

export interface SubscriptionItem {
  id: string;
  object: 'subscription_item';
  billing_thresholds: null;
  created: number;
  current_period_end: number;
  current_period_start: number;
  discounts: string[];
  metadata: Record<string, string>;
  plan: Plan;
  price: Price;
  quantity: number;
  subscription: string;
  tax_rates: TaxRateSnapshot[];
  [key: string]: unknown;
}

export interface Subscription {
  id: string;
  object: 'subscription';
  application: null;
  application_fee_percent: null;
  automatic_tax: { disabled_reason: null; enabled: false; liability: null };
  billing_cycle_anchor: number;
  billing_cycle_anchor_config: { day_of_month: number; hour: number | null; minute: number | null; month: number | null; second: number | null } | null;
  billing_mode: { flexible: { proration_discounts: 'included' | 'itemized' } | null; type: 'classic' | 'flexible'; updated_at?: number };
  billing_thresholds: null;
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  cancellation_details: { comment: string | null; feedback: string | null; reason: string | null } | null;
  collection_method: 'charge_automatically' | 'send_invoice';
  created: number;
  currency: string;
  customer: string;
  customer_account: null;
  days_until_due: number | null;
  default_payment_method: string | null;
  default_source: null;
  default_tax_rates: TaxRateSnapshot[];
  description: string | null;
  discounts: string[];
  ended_at: number | null;
  invoice_settings: { account_tax_ids: null; issuer: { type: 'self' } };
  items: { object: 'list'; data: SubscriptionItem[]; has_more: false; total_count: number; url: string };
  latest_invoice: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_pending_invoice_item_invoice: number | null;
  on_behalf_of: null;
  pause_collection: { behavior: 'keep_as_draft' | 'mark_uncollectible' | 'void'; resumes_at: number | null } | null;
  payment_settings: { payment_method_options: null; payment_method_types: null; save_default_payment_method: 'off' | 'on_subscription' };
  pending_invoice_item_interval: { interval: 'day' | 'week' | 'month' | 'year'; interval_count: number } | null;
  pending_setup_intent: null;
  pending_update: PendingUpdate | null;
  schedule: null;
  start_date: number;
  status: SubscriptionStatus;
  /** Only while `paused` (newest shape): when and why it paused. */
  status_details?: { paused: { subscription: { type: PauseReason }; transitioned_at: number; type: 'subscription' } };
  test_clock: string | null;
  transfer_data: null;
  trial_end: number | null;
  trial_settings: { end_behavior: { missing_payment_method: 'cancel' | 'create_invoice' | 'pause' } };
  trial_start: number | null;
  /** Stored, never rendered. */
  internal: {
    /** When the renewal job next acts: the period end (renewal, trial end) or cancel_at, whichever comes first. */
    next_action_at?: number | null;
    /** The trial end a trial_will_end notice is scheduled for, and the one it was sent for. */
    trial_notice_at?: number | null;
    trial_notice_for?: number;
    /** Whether the renewal timer has been set for next_action_at. */
    scheduled?: boolean;
    /** The current period, as on every item (older versions show it on the subscription). */
    period?: { start: number; end: number };
    /** The interval every item bills on (all items share it). */
    interval?: { interval: 'day' | 'week' | 'month' | 'year'; interval_count: number };
    /** What each item was billed for its current period, by item id (debits.ts). */
    debits?: Record<string, import('./debits.ts').ItemDebit[]>;
    /** When `pending_invoice_item_interval` was set: its invoices are counted from here (pending-interval.ts). */
    pending_interval_from?: number;
    /** A resumption invoice awaiting payment (resume.ts): what the subscription becomes when it is paid, and when it is voided unpaid. */
    resumption?: Resumption | null;
    /** send_invoice: the open latest invoice's due date, and when it is overdue by the server's --subscription-overdue-days. */
    due_at?: number | null;
    overdue_at?: number | null;
    /** The change a pending update makes when its invoice is paid (pending-update.ts). */
    pending?: PendingChange | null;
    /** Each item's cancel_at credit for its current period (cancel-at-prorations.ts), so a move charges back exactly what was credited. */
    cancel_credits?: Record<string, CancelCredit>;
  };
  [key: string]: unknown;
}

/** A cancel_at credit made for one item: from `at` to its period's `end`, `amount` (negative) in all. */
export interface CancelCredit {
  at: number;
  end: number;
  amount: number;
}

export type PauseReason = 'final_payment_failure' | 'first_payment_failure' | 'pause_requested' | 'system' | 'trial_end_without_payment_method';

export interface Resumption {
  invoice: string;
  /** When it is voided unpaid (23 hours); null once resume_on_payment_success attempted it (its retries go on). */
  expires_at: number | null;
  behavior: 'resume_on_payment_attempt' | 'resume_on_payment_success';
  anchor: number;
  period: { start: number; end: number };
}

/** Stripe's Subscription.PendingUpdate. */
export interface PendingUpdate {
  billing_cycle_anchor: number | null;
  expires_at: number;
  subscription_items: SubscriptionItem[] | null;
  trial_end: number | null;
  trial_from_plan: boolean | null;
  [key: string]: unknown;
}

/** What applying a pending update sets on the subscription. */
export interface PendingChange {
  invoice: string;
  items: SubscriptionItem[];
  added: string[];
  removed: string[];
  anchor: number;
  /** The period the update started (an anchor reset), or null: the current period stays. */
  period: { start: number; end: number } | null;
  interval: { interval: 'day' | 'week' | 'month' | 'year'; interval_count: number };
  trial_end: number | null;
  status: SubscriptionStatus;
}

/** Statuses a subscription ends in: nothing about it changes any more but metadata and cancellation_details. */
export const ENDED: ReadonlySet<SubscriptionStatus> = new Set(['canceled', 'incomplete_expired']);
