// `cancel_at`: a timestamp, or (from 2025-07-30.basil) `min_period_end` / `max_period_end`, which
// "resolve to timestamps immediately": the earliest or latest `items.data.current_period_end`,
// after the request's own changes to the items' periods (docs.stripe.com/changelog/basil/2025-07-30/cancel-at-enums).
// `max_billed_until` (2026) resolves against billing schedules, which InvoiceKit does not have.
import { errors } from '../../http/errors.ts';
import { validateValue, s } from '../../http/params.ts';
import type { SubscriptionItem } from './model.ts';

export const CANCEL_AT_ENUMS = ['max_billed_until', 'max_period_end', 'min_period_end'] as const;
export type CancelAtEnum = 'min_period_end' | 'max_period_end';

/** The raw parameter: a timestamp or one of the enum values ('' clears it), parsed by `parseCancelAt`. */
export const cancelAtParam = s.string({ emptyable: true, max: 100 });

/** A cancel_at as the client sent it, or as a preview passes it on (already a number). */
export type CancelAtInput = string | number | null | undefined;

const TIMESTAMP = s.timestamp();

/** A timestamp, an enum to resolve once the items' periods are known, null (cleared) or undefined (not sent). */
export function parseCancelAt(raw: CancelAtInput, param = 'cancel_at'): number | CancelAtEnum | null | undefined {
  if (raw === undefined || raw === null || typeof raw === 'number') return raw;
  if (raw === 'min_period_end' || raw === 'max_period_end') return raw;
  if (raw === 'max_billed_until') throw errors.notSupported('`cancel_at=max_billed_until` (it resolves against billing schedules)', param);
  return validateValue(TIMESTAMP, raw, param) as number;
}

/** The time an enum cancel_at stands for, given the items with their (new) periods. */
export function resolveCancelAt(which: CancelAtEnum, items: readonly Pick<SubscriptionItem, 'current_period_end'>[]): number {
  const ends = items.map((i) => i.current_period_end);
  return which === 'min_period_end' ? Math.min(...ends) : Math.max(...ends);
}

export const isCancelAtEnum = (v: unknown): v is CancelAtEnum => v === 'min_period_end' || v === 'max_period_end';
