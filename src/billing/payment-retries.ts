// When a failed automatic invoice payment is tried again. Stripe's default is Smart Retries,
// "8 tries within 2 weeks" (docs.stripe.com/billing/revenue-recovery/smart-retries), at times
// its model picks; we spread the 7 retries after the first attempt over the 14 days instead
// (our approximation: deterministic, so tests can rely on it).
const DAY = 86_400;

/** Seconds after the first attempt of each retry. */
export const DEFAULT_RETRY_OFFSETS: readonly number[] = [1, 3, 5, 7, 9, 11, 14].map((d) => d * DAY);

/**
 * The time of the next attempt after `attempts` attempts, the first made at `first`;
 * null once every retry is spent.
 */
export function nextPaymentAttempt(first: number, attempts: number, offsets: readonly number[] = DEFAULT_RETRY_OFFSETS): number | null {
  const next = offsets[attempts - 1];
  return next === undefined ? null : first + next;
}

/** One hour: how long Stripe waits after an invoice is created before finalizing and charging it. */
export const AUTO_FINALIZE_DELAY = 3600;

export interface CollectableInvoice {
  status: string;
  collection_method: string;
  auto_advance: boolean;
  created: number;
  automatically_finalizes_at: number | null;
  next_payment_attempt: number | null;
  amount_remaining: number;
}

/**
 * When automatic collection next acts on an invoice, or null: an auto-advancing draft is
 * finalized an hour after creation (and, charged automatically, charged); an open one charged
 * automatically is charged at its `next_payment_attempt`.
 */
export function collectionRunAt(inv: CollectableInvoice): number | null {
  if (!inv.auto_advance) return null;
  // Drafts of either collection method are finalized; only charge_automatically ones are charged.
  if (inv.status === 'draft') return inv.automatically_finalizes_at ?? inv.created + AUTO_FINALIZE_DELAY;
  if (inv.collection_method === 'charge_automatically' && inv.status === 'open' && inv.amount_remaining > 0) return inv.next_payment_attempt;
  return null;
}
