// Currencies Stripe accepts and how many minor-unit digits each one has.
//
// The list and its order are copied from a real Stripe `Invalid currency` error body of
// 2024-10 (request req_a4i9PQ2MlIh5Qv, quoted in a public repository; see report): usd first,
// then alphabetical, then recent additions (usdc, btn, ghs) and legacy codes Stripe still
// names in that message. It is a superset of the 2020 list in STRIPE-BEHAVIOUR §6.1
// (adds bhd, byn, jod, kwd, omr, sle, tnd, usdc, btn, ghs).

/** Codes in the order Stripe prints them in the invalid-currency error. */
export const SUPPORTED_CURRENCIES: readonly string[] = Object.freeze([
  'usd', 'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt',
  'bgn', 'bhd', 'bif', 'bmd', 'bnd', 'bob', 'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf',
  'clp', 'cny', 'cop', 'crc', 'cve', 'czk', 'djf', 'dkk', 'dop', 'dzd', 'egp', 'etb', 'eur', 'fjd',
  'fkp', 'gbp', 'gel', 'gip', 'gmd', 'gnf', 'gtq', 'gyd', 'hkd', 'hnl', 'hrk', 'htg', 'huf', 'idr',
  'ils', 'inr', 'isk', 'jmd', 'jod', 'jpy', 'kes', 'kgs', 'khr', 'kmf', 'krw', 'kwd', 'kyd', 'kzt',
  'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mga', 'mkd', 'mmk', 'mnt', 'mop', 'mur', 'mvr',
  'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok', 'npr', 'nzd', 'omr', 'pab', 'pen', 'pgk',
  'php', 'pkr', 'pln', 'pyg', 'qar', 'ron', 'rsd', 'rub', 'rwf', 'sar', 'sbd', 'scr', 'sek', 'sgd',
  'shp', 'sle', 'sos', 'srd', 'std', 'szl', 'thb', 'tjs', 'tnd', 'top', 'try', 'ttd', 'twd', 'tzs',
  'uah', 'ugx', 'uyu', 'uzs', 'vnd', 'vuv', 'wst', 'xaf', 'xcd', 'xof', 'xpf', 'yer', 'zar', 'zmw',
  'usdc', 'btn', 'ghs',
  // Legacy codes: still printed at the end of Stripe's message, so accepted here too.
  'eek', 'lvl', 'svc', 'vef', 'ltl', 'sll', 'mro',
]);

/**
 * Amounts are whole units (¥100 is `100`). Current docs move ISK and UGX to "special
 * cases": they are sent as two-decimal amounts with `00` cents, so they are NOT here.
 */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
]);

/** Three minor-unit digits; Stripe requires the last digit to be 0 (5.124 KWD -> 5120 or 5130). */
export const THREE_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/**
 * Zero-decimal in reality but sent to the API with two decimals; Stripe keeps their
 * amounts at multiples of 100 (ISK, UGX) or needs multiples of 100 for payouts (HUF, TWD).
 */
export const TWO_DECIMAL_MULTIPLE_OF_100: ReadonlySet<string> = new Set(['isk', 'ugx']);

const SUPPORTED: ReadonlySet<string> = new Set(SUPPORTED_CURRENCIES);

/** Stripe accepts upper-case codes and echoes them lower-case. */
export function normalizeCurrency(currency: string): string {
  return currency.toLowerCase();
}

export function isSupportedCurrency(currency: string): boolean {
  return SUPPORTED.has(normalizeCurrency(currency));
}

export function isZeroDecimal(currency: string): boolean {
  return ZERO_DECIMAL_CURRENCIES.has(normalizeCurrency(currency));
}

export function isThreeDecimal(currency: string): boolean {
  return THREE_DECIMAL_CURRENCIES.has(normalizeCurrency(currency));
}

/** Number of minor-unit digits Stripe's API uses for the currency: 0, 2 or 3. */
export function minorUnitDigits(currency: string): 0 | 2 | 3 {
  if (isZeroDecimal(currency)) return 0;
  if (isThreeDecimal(currency)) return 3;
  return 2;
}

/** Stripe's text for an unknown currency, e.g. `Invalid currency: zzz. Stripe currently supports these currencies: usd, aed, ...`. */
export function invalidCurrencyMessage(currency: string): string {
  return `Invalid currency: ${normalizeCurrency(currency)}. Stripe currently supports these currencies: ${SUPPORTED_CURRENCIES.join(', ')}`;
}
