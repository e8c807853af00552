// Stripe's minimum charge per currency, in minor units (https://docs.stripe.com/currencies.md,
// "Minimum and maximum charge amounts"; STRIPE-BEHAVIOUR §6.2). Stripe states the minimum
// per settlement currency; we have no settlement currency, so we use the charge currency.
import { normalizeCurrency } from './currency.ts';
import { formatAmount } from './format-amount.ts';

export const MINIMUM_CHARGE: Readonly<Record<string, number>> = Object.freeze({
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50,
  gbp: 30, hkd: 400, huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50,
  pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
});

/**
 * Currencies outside the table: 50 minor units, zero-decimal ones included (our choice;
 * Stripe documents no value). That is USD's figure and the floor most mocks use.
 */
export const DEFAULT_MINIMUM_CHARGE = 50;

export function minimumChargeAmount(currency: string): number {
  return MINIMUM_CHARGE[normalizeCurrency(currency)] ?? DEFAULT_MINIMUM_CHARGE;
}

/** True for a positive amount Stripe could not charge. Zero is not "below": nothing to charge. */
export function isBelowMinimum(currency: string, amountDue: number): boolean {
  return amountDue > 0 && amountDue < minimumChargeAmount(currency);
}

/**
 * Stripe's `amount_too_small` message, e.g. "Amount must be at least $0.50 usd" (the wording
 * integrators quote; older bodies said "at least 50 cents"). Zero-decimal minimums have no
 * fraction ("¥50 jpy").
 */
export function minimumChargeMessage(currency: string): string {
  const c = normalizeCurrency(currency);
  return `Amount must be at least ${formatAmount(minimumChargeAmount(c), c)} ${c}`;
}
