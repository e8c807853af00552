// When a failed webhook delivery is tried again. Stripe publishes no intervals: its docs say
// live mode retries "for up to three days with exponential backoff" and sandboxes (test mode,
// all InvoiceKit is) "three times over a few hours". The default here is three retries, each
// after twice the wait of the one before: 30 min, 1 h, 2 h (the last 3.5 h after the first try).

/** Seconds to wait before each retry; its length is the number of retries. */
export const STRIPE_TEST_MODE_SCHEDULE: readonly number[] = [30 * 60, 60 * 60, 2 * 60 * 60];

/**
 * Delay in seconds before the next attempt after `failures` failed attempts (1 = the first
 * delivery failed), or null when the schedule is used up and the delivery has failed for good.
 */
export function retryDelay(failures: number, schedule: readonly number[]): number | null {
  if (failures < 1 || failures > schedule.length) return null;
  return schedule[failures - 1];
}

/** `1,2,4` -> [1, 2, 4]; an error message for anything else (empty, negative, not a number). */
export function parseSchedule(text: string): number[] | string {
  const parts = text.split(',').map((p) => p.trim());
  const out: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (p === '' || !Number.isFinite(n) || n < 0) return `Invalid webhook retry schedule: ${JSON.stringify(text)} (seconds before each retry, comma-separated, e.g. 1,2,4)`;
    out.push(n);
  }
  return out;
}
