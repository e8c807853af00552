// Prorations. Stripe: "Stripe calculates proration down to the second based on the starting
// timestamp of the billing period and the timestamp of the proration's triggering event"
// (docs.stripe.com/billing/subscriptions/prorations). A change at `at` credits the unused part
// of the period at the old price and charges the remaining part at the new one; each amount is
// rounded on its own line (half away from zero, billing/rounding.ts), so a credit mirrors its charge.
// Worked example kept in the unit tests: 1000 over a 2,419,200 s period with 881,112 s left is 364.
import { dec } from './rounding.ts';

/** The part of [start, end) left after `at`, as an exact fraction's parts. */
export function remaining(start: number, end: number, at: number): { left: number; total: number } {
  const total = end - start;
  const left = Math.min(Math.max(end - at, 0), total);
  return { left, total };
}

/** `amount` × the part of the period left after `at`, rounded to the minor unit (sign kept). */
export function prorate(amount: number, start: number, end: number, at: number): number {
  const { left, total } = remaining(start, end, at);
  if (total <= 0) return 0;
  const exact = dec(Math.abs(amount)).mul(left).div(total).toDecimalPlaces(0).toNumber();
  return amount < 0 ? -exact : exact;
}

export interface ProrationLine {
  /** The credit for the unused time at the old amount (negative), or the charge for the remaining time at the new one. */
  amount: number;
  kind: 'unused' | 'remaining';
}

/** The two lines of a price or quantity change at `at`: credit old, charge new (a zero one is left out). */
export function prorationLines(oldAmount: number, newAmount: number, start: number, end: number, at: number): ProrationLine[] {
  const out: ProrationLine[] = [];
  if (oldAmount !== 0) out.push({ amount: -prorate(oldAmount, start, end, at), kind: 'unused' });
  if (newAmount !== 0) out.push({ amount: prorate(newAmount, start, end, at), kind: 'remaining' });
  return out;
}

/** A charge already billed for a subscription item: `amount` for the time [start, end). */
export interface Debit {
  amount: number;
  start: number;
  end: number;
}

/**
 * The credits for the unused time after `at`, by billing mode (docs.stripe.com/billing/subscriptions/
 * billing-mode/compare). Classic: one credit "based on the value of the subscription item's current
 * price, tax, quantity" over the current period (`current` is what a whole period costs now).
 * Flexible: "the original amount previously debited"; a period billed in several debits gets "one
 * for each corresponding original debit". Each credit is negative and names the debit it reverses
 * (classic: the debit covering `at`, if any), so its line can point at the line it credits.
 */
export function credits<D extends Debit>(
  mode: 'classic' | 'flexible',
  current: number,
  period: { start: number; end: number },
  debits: readonly D[],
  at: number,
): { amount: number; debit: D | null }[] {
  if (mode === 'classic') {
    const amount = -prorate(current, period.start, period.end, at);
    const covering = [...debits].reverse().find((d) => d.start <= at && at < d.end) ?? null;
    return amount === 0 ? [] : [{ amount, debit: covering }];
  }
  const out: { amount: number; debit: D | null }[] = [];
  for (const d of debits) {
    if (at >= d.end) continue;
    // A debit that starts after `at` (none today) is credited whole.
    const amount = -prorate(d.amount, d.start, d.end, Math.max(at, d.start));
    if (amount !== 0) out.push({ amount, debit: d });
  }
  return out;
}
