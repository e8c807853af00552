// Percentages as Stripe takes them: a form-encoded decimal, echoed as a JSON
// number (tax rate `percentage`, coupon `percent_off`). Pure; no I/O.
import { errors } from '../../http/errors.ts';

/** Decimal places of a finite number as JavaScript prints it (19.5 -> 1, 7 -> 0, 1e-7 -> 7). */
export function decimalPlaces(n: number): number {
  if (!Number.isFinite(n)) return Infinity;
  const text = String(Math.abs(n));
  const exp = /e-(\d+)$/.exec(text);
  if (exp) {
    const mantissa = text.slice(0, text.indexOf('e'));
    const frac = mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0;
    return Number(exp[1]) + frac;
  }
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

export interface PercentRule {
  /** At most this many decimal places. */
  places: number;
  /** The lower bound is exclusive (coupon `percent_off` must be above 0). */
  exclusiveMin: boolean;
}

/** Checks a percentage in [0, 100] (or (0, 100]) with limited decimals; returns it unchanged. */
export function checkPercentage(param: string, value: number, rule: PercentRule): number {
  if (value > 100 || value < 0 || (rule.exclusiveMin && value === 0))
    throw errors.outOfRange(param, value, rule.exclusiveMin ? 'greater than 0 and at most 100' : 'between 0 and 100');
  if (decimalPlaces(value) > rule.places) throw errors.tooManyDecimals(param, value, rule.places);
  // -0 and 19.50 both come back as plain numbers: 0 and 19.5.
  return value === 0 ? 0 : value;
}
