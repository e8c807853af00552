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
