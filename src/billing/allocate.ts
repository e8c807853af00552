// Split an integer amount into integer parts proportional to weights, exactly.
//
// Largest-remainder (Hamilton) method: every part gets the floor of its exact share, then
// the units left over go one each to the parts with the largest fractional remainders.
// Parts always sum to the total, and no part exceeds its exact share rounded up, which is
// what keeps a split discount from pushing any line below zero. Stripe does not document
// how it splits (STRIPE-BEHAVIOUR §6.4, unverified); this is our deterministic choice.
import { dec, toSafeInteger, type DecimalInput } from './rounding.ts';

/**
 * Allocate `total` (an integer, may be negative) over non-negative `weights`.
 * Ties on the remainder go to the larger weight, then to the earlier index.
 * When every weight is zero, only a zero total can be allocated.
 */
export function allocateLargestRemainder(total: number, weights: readonly DecimalInput[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`total must be a safe integer, got ${total}`);
  const ws = weights.map((w) => dec(w));
  if (ws.some((w) => w.isNegative() && !w.isZero())) throw new RangeError('weights must be non-negative');
  const sum = ws.reduce((a, w) => a.plus(w), dec(0));
  if (sum.isZero()) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total over zero weights');
    return ws.map(() => 0);
  }

  // Work on the magnitude so floor/remainder are unambiguous; restore the sign at the end.
  const sign = total < 0 ? -1 : 1;
  const magnitude = dec(Math.abs(total));
  const shares = ws.map((w, index) => {
    const scaled = magnitude.times(w);
    return { index, weight: w, floor: scaled.dividedToIntegerBy(sum), remainder: scaled.mod(sum) };
  });

  let leftover = magnitude.minus(shares.reduce((a, s) => a.plus(s.floor), dec(0))).toNumber();
  const order = [...shares].sort(
    (a, b) => b.remainder.comparedTo(a.remainder) || b.weight.comparedTo(a.weight) || a.index - b.index,
  );
  const parts = shares.map((s) => s.floor);
  for (const s of order) {
    if (leftover <= 0) break;
    parts[s.index] = parts[s.index].plus(1);
    leftover -= 1;
  }
  return parts.map((p) => (sign < 0 ? -toSafeInteger(p) || 0 : toSafeInteger(p)));
}
