// Every Stripe API version InvoiceKit answers in, oldest first, as Stripe
// writes them (the stripe package's CHANGELOG names the version each release pinned).
export const VERSIONS = [
  '2020-08-27',
  '2022-08-01',
  '2022-11-15',
  '2023-08-16',
  '2023-10-16',
  '2024-04-10',
  '2024-06-20',
  '2024-09-30.acacia',
  '2024-10-28.acacia',
  '2024-11-20.acacia',
  '2024-12-18.acacia',
  '2025-01-27.acacia',
  '2025-02-24.acacia',
  '2025-03-31.basil',
  '2025-04-30.basil',
  '2025-05-28.basil',
  '2025-06-30.basil',
  '2025-07-30.basil',
  '2025-08-27.basil',
  '2025-09-30.clover',
  '2025-10-29.clover',
  '2025-11-17.clover',
  '2025-12-15.clover',
  '2026-01-28.clover',
  '2026-02-25.clover',
  '2026-03-25.dahlia',
  '2026-04-22.dahlia',
  '2026-05-27.dahlia',
  '2026-06-24.dahlia',
  '2026-07-29.dahlia',
  '2026-08-26.dahlia',
  '2026-09-30.endive',
  '2026-10-28.endive',
] as const;

export type ApiVersion = (typeof VERSIONS)[number];
export const LATEST: ApiVersion = VERSIONS[VERSIONS.length - 1];

const KNOWN = new Set<string>(VERSIONS);

export function isKnownVersion(v: string): v is ApiVersion {
  return KNOWN.has(v);
}

/** Compares by date: versions sort as their strings do. */
export function versionBefore(a: string, b: string): boolean {
  return a < b;
}
