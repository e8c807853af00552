// Money and dates as a customer reads them: amounts in minor units shown in the currency's
// own format (`$1,234.56`, `¥5,000`, `1.234,56 €` for a German reader), through
// Intl.NumberFormat with the digits Stripe's API uses for the currency. Pure.
import { Decimal } from 'decimal.js';
import { minorUnitDigits } from '../billing/currency.ts';

const DEFAULT_LOCALE = 'en-US';

/** The customer's first preferred locale when Intl knows it, else en-US. */
export function displayLocale(preferred: readonly string[] | null | undefined): string {
  for (const tag of preferred ?? []) {
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length > 0) return canonical;
    } catch {
      // Not a locale tag: try the next.
    }
  }
  return DEFAULT_LOCALE;
}

const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string, locale: string, extraDigits: number): Intl.NumberFormat {
  const key = `${locale}|${currency}|${extraDigits}`;
  let f = formats.get(key);
  if (!f) {
    const digits = minorUnitDigits(currency);
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits + extraDigits,
    });
    if (formats.size > 500) formats.clear();
    formats.set(key, f);
  }
  return f;
}

/** An integer amount in minor units. */
export function formatMoney(minor: number, currency: string, locale = DEFAULT_LOCALE): string {
  const major = new Decimal(minor).div(new Decimal(10).pow(minorUnitDigits(currency)));
  return currencyFormat(currency, locale, 0).format(major.toString() as unknown as number);
}

/** A decimal amount in minor units (a unit price like `0.125` cents), with the precision it has. */
export function formatDecimalMoney(minor: string, currency: string, locale = DEFAULT_LOCALE): string {
  const major = new Decimal(minor).div(new Decimal(10).pow(minorUnitDigits(currency)));
  const extra = Math.min(12, Math.max(0, major.decimalPlaces() - minorUnitDigits(currency)));
  // A string keeps every digit (Intl formats decimal strings exactly, no float rounding).
  return currencyFormat(currency, locale, extra).format(major.toFixed() as unknown as number);
}

/** Intl formatters are costly to make and free to reuse: one per locale and kind. */
function cached<T>(cache: Map<string, T>, locale: string, make: () => T): T {
  let f = cache.get(locale);
  if (!f) {
    if (cache.size > 200) cache.clear();
    f = make();
    cache.set(locale, f);
  }
  return f;
}
const quantityFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatQuantity(q: string | number, locale = DEFAULT_LOCALE): string {
  const f = cached(quantityFormats, locale, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 12 }));
  return f.format(String(q) as unknown as number);
}

/** Unix seconds as a date (UTC, as Stripe's documents print them): `December 4, 2026`. */
export function formatDate(unix: number | null | undefined, locale = DEFAULT_LOCALE): string | null {
  if (unix === null || unix === undefined) return null;
  const f = cached(dateFormats, locale, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }));
  return f.format(new Date(unix * 1000));
}
