// Exact decimal arithmetic and the one rounding rule used for money.
//
// Stripe documents rounding for decimal amounts at the line level: "0.05 * 30 = 1.5,
// which is then rounded up to 2 cents" and "each [line] will be rounded before summing"
// (https://stripe.com/docs/billing/subscriptions/decimal-amounts). That is round-half-up;
// for negative values Stripe says nothing, so we round half away from zero (symmetric:
// a credit of -1.5 becomes -2, the mirror image of the charge). The same rule is used
// for percentage discounts and tax amounts so the codebase has exactly one rule.
import { Decimal } from 'decimal.js';

/** Name of the rule, for docs and logs. Half away from zero (decimal.js ROUND_HALF_UP). */
export const ROUNDING = 'half-up' as const;

// A private constructor: never touch decimal.js's global config, which other modules may use.
// 100 significant digits holds a 31-digit unit amount times a 31-digit quantity exactly.
export const Dec = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

/** Anything we accept as an exact number: integers, decimal strings, or a Decimal. */
export type DecimalInput = number | string | Decimal;

export function dec(value: DecimalInput): Decimal {
  return new Dec(value);
}

/** Thrown when an amount cannot be represented as a JSON-safe integer; callers map it to a 400. */
export class AmountOverflowError extends Error {
  readonly value: string;
  constructor(value: string) {
    super(`Amount ${value} is outside the range of safe integers`);
    this.name = 'AmountOverflowError';
    this.value = value;
  }
}

/** Round to an integer (half away from zero) and return it as a safe JS number. */
export function roundToInteger(value: DecimalInput): number {
  const rounded = dec(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return toSafeInteger(rounded);
}

/** Convert an integral Decimal to a number, refusing anything beyond Number.MAX_SAFE_INTEGER. */
export function toSafeInteger(value: Decimal): number {
  if (!value.isInteger()) throw new RangeError(`Not an integer: ${value.toFixed()}`);
  if (value.abs().greaterThan(Number.MAX_SAFE_INTEGER)) throw new AmountOverflowError(value.toFixed());
  // -0 would serialise as 0 anyway, but keep the value clean for deepEqual in tests.
  return value.isZero() ? 0 : value.toNumber();
}
