// Decimal strings as Stripe takes them in `unit_amount_decimal` and `quantity_decimal`,
// and the line amount they produce.
//
// Accepted: optional '-' (only where allowed), at least one digit, optional '.' followed by
// 1-12 digits. Rejected: exponents, spaces, '+', empty, a bare '.', '5.' / '.5', more than
// 12 decimals, more than MAX_INTEGER_DIGITS significant integer digits.
//
// Canonical form (our decision): no leading zeros, no trailing fractional zeros, no '-0'.
// Stripe's fixtures echo integers without a fraction ("1099" for 1099) and its docs show
// "0.05" and "105.5"; one old doc page shows "5.0" for 5, which the fixtures contradict.
import { Decimal } from 'decimal.js';
import { dec, roundToInteger, toSafeInteger } from './rounding.ts';

export const MAX_DECIMAL_PLACES = 12;
/** Generous bound (Stripe's own limit is not documented); keeps inputs far from absurd. */
export const MAX_INTEGER_DIGITS = 19;

const DECIMAL_SHAPE = /^(-?)(\d+)(?:\.(\d+))?$/;

export interface ParseDecimalOptions {
  /** `unit_amount_decimal` may be negative (credits); `quantity_decimal` may not. */
  allowNegative: boolean;
}

/** Validate and canonicalise a decimal string; `null` when Stripe would reject it. */
export function parseDecimal(input: string | number, options: ParseDecimalOptions): string | null {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    input = String(input); // exponent forms such as 1e+21 then fail the shape test
  }
  if (typeof input !== 'string') return null;
  const match = DECIMAL_SHAPE.exec(input);
  if (!match) return null;
  const [, minus, intDigits, fracDigits = ''] = match;
  if (minus && !options.allowNegative) return null;
  if (fracDigits.length > MAX_DECIMAL_PLACES) return null;

  const intPart = intDigits.replace(/^0+(?=\d)/, '');
  if (intPart.length > MAX_INTEGER_DIGITS) return null;
  const fracPart = fracDigits.replace(/0+$/, '');
  const isZero = intPart === '0' && fracPart === '';
  return `${minus && !isZero ? '-' : ''}${intPart}${fracPart ? `.${fracPart}` : ''}`;
}

export function parseUnitAmountDecimal(input: string | number): string | null {
  return parseDecimal(input, { allowNegative: true });
}

/** `quantity_decimal` is a "non-negative decimal with at most 12 decimal places". */
export function parseQuantityDecimal(input: string | number): string | null {
  return parseDecimal(input, { allowNegative: false });
}

/**
 * The legacy integer `quantity` shown beside `quantity_decimal`: Stripe truncates
 * ("5.7 becomes 5", changelog 2026-03-25.dahlia).
 */
export function truncatedQuantity(quantityDecimal: string): number {
  return toSafeInteger(dec(quantityDecimal).truncated());
}

/** `unit_amount` is populated only when the decimal amount is a whole number, else null. */
export function integerOrNull(decimalString: string): number | null {
  // Canonical integers (the common case, rendered on every old-version item) skip decimal.js.
  if (/^-?\d{1,15}$/.test(decimalString)) return Number(decimalString) || 0;
  const d = dec(decimalString);
  if (!d.isInteger() || d.abs().greaterThan(Number.MAX_SAFE_INTEGER)) return null;
  return d.isZero() ? 0 : d.toNumber();
}

/**
 * quantity × unit amount, exact, rounded once to an integer minor-unit amount (half away
 * from zero, see rounding.ts). Throws AmountOverflowError beyond Number.MAX_SAFE_INTEGER,
 * RangeError for malformed input (callers validate with parseDecimal first).
 */
export function lineAmount(unitAmountDecimal: string, quantity: string | number): number {
  return roundToInteger(exactLineAmount(unitAmountDecimal, quantity));
}

/** The unrounded product, for callers that need to show or compare it. */
export function exactLineAmount(unitAmountDecimal: string, quantity: string | number): Decimal {
  const unit = parseUnitAmountDecimal(unitAmountDecimal);
  if (unit === null) throw new RangeError(`Invalid unit amount decimal: ${unitAmountDecimal}`);
  const qty = parseQuantityDecimal(quantity);
  if (qty === null) throw new RangeError(`Invalid quantity: ${String(quantity)}`);
  return dec(unit).times(dec(qty));
}
