// When `invoice.upcoming` is due: X days (--upcoming-renewal-days) before the current period
// ends, on the subscription's clock, once per period end, not for a subscription ending at the
// period end or for periods no longer than X days. The timer is kept here on every save
// (state.ts); what it does when it fires is upcoming-event.ts.
import type { Ctx } from '../../http/context.ts';
import { DEFAULTS } from '../../config.ts';
import { setTimer } from '../../work/timers.ts';
import { ENDED, type Subscription } from './model.ts';

export const UPCOMING_TIMER = 'subscription.upcoming';
const DAY = 86_400;

/** The period end the next notice is for, and when it is due; null when none is due this period. */
export function notice(ctx: Ctx, sub: Subscription): { for: number; at: number } | null {
  if (ENDED.has(sub.status) || sub.status === 'incomplete' || sub.status === 'paused') return null;
  // A subscription that ends at this period's end makes no renewal invoice.
  const first = sub.items.data[0];
  if (!first) return null;
  const period = { start: first.current_period_start, end: first.current_period_end };
  if (sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at <= period.end)) return null;
  const internal = sub.internal as { upcoming_for?: number };
  if (internal.upcoming_for === period.end) return null;
  const at = period.end - (ctx.config?.upcomingRenewalDays ?? DEFAULTS.upcomingRenewalDays) * DAY;
  // A period no longer than X days gets no notice (it would come before the period began).
  if (at <= period.start) return null;
  return { for: period.end, at: Math.max(at, ctx.now) };
}

/** Keeps the notice timer where the subscription's current period puts it (called on every save). */
export async function scheduleUpcoming(ctx: Ctx, sub: Subscription): Promise<void> {
  const internal = sub.internal as { upcoming_at?: number | null };
  const wanted = notice(ctx, sub);
  const at = wanted?.at ?? null;
  if (at === (internal.upcoming_at ?? null)) return;
  internal.upcoming_at = at;
  await setTimer(ctx, { kind: UPCOMING_TIMER, object: sub.id, runAt: at, testClock: sub.test_clock });
}
