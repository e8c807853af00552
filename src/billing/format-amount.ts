// Amounts as Stripe's messages print them: "$25.00", "£93.90", "¥50".
import { minorUnitDigits, normalizeCurrency } from './currency.ts';

const SYMBOL: Readonly<Record<string, string>> = {
  usd: '$', aud: '$', cad: '$', nzd: '$', sgd: '$', hkd: '$', mxn: '$', eur: '€', gbp: '£', jpy: '¥', inr: '₹',
};

export function formatAmount(amount: number, currency: string): string {
  const c = normalizeCurrency(currency);
  const digits = minorUnitDigits(c);
  const text = digits === 0 ? String(amount) : (amount / 10 ** digits).toFixed(digits);
  return `${SYMBOL[c] ?? ''}${text}`;
}
