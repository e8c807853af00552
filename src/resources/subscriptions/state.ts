// Reading and saving subscriptions, and the facts every operation needs: the current period
// (kept on every item, as the newest API shape has it), when the renewal job next acts, and
// how a subscription in the URL is found and locked.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { setTimer } from '../../work/timers.ts';
import { subscriptions } from './repository.ts';
import { ENDED, type Subscription } from './model.ts';
import { scheduleUpcoming } from './upcoming-schedule.ts';

const HOUR = 3600;
/** An incomplete subscription expires when its first invoice stays unpaid this long. */
export const INCOMPLETE_EXPIRY = 23 * HOUR;

/** The current period: every item's, or with mixed intervals the one that ends first. */
export function periodOf(sub: Subscription): { start: number; end: number } {
  const first = sub.items.data.reduce((a, b) => (b.current_period_end < a.current_period_end ? b : a));
  return { start: first.current_period_start, end: first.current_period_end };
}

export function setPeriod(sub: Subscription, period: { start: number; end: number }): void {
  // Kept on the subscription too: older versions show it there, and render it before they see the items.
  sub.internal.period = { ...period };
  for (const item of sub.items.data) {
    item.current_period_start = period.start;
    item.current_period_end = period.end;
  }
}

/**
 * A deadline of the status machine (deadlines.ts), whatever the period: a resumption invoice's
 * or a pending update's 23 hours, a send_invoice invoice's due date (→ past_due) and the
 * overdue setting's days after it.
 */
export function deadlineAt(sub: Subscription): number | null {
  if (ENDED.has(sub.status)) return null;
  const times: number[] = [];
  if (sub.status === 'paused' && sub.internal.resumption?.expires_at != null) times.push(sub.internal.resumption.expires_at);
  if (sub.pending_update) times.push(sub.pending_update.expires_at);
  if (sub.status === 'active' && sub.internal.due_at != null) times.push(sub.internal.due_at);
  if (sub.status === 'past_due' && sub.internal.overdue_at != null) times.push(sub.internal.overdue_at);
  return times.length === 0 ? null : Math.min(...times);
}

/** When the renewal job next has something to do: a deadline, or the renewal step's next action. */
export function nextActionAt(sub: Subscription): number | null {
  const deadline = deadlineAt(sub);
  const regular = regularActionAt(sub);
  if (deadline === null) return regular;
  return regular === null ? deadline : Math.min(deadline, regular);
}

/** The renewal step's next action (renew.ts): expiry, cancel_at, or the period's end. */
export function regularActionAt(sub: Subscription): number | null {
  if (ENDED.has(sub.status) || sub.status === 'paused') return null;
  if (sub.status === 'incomplete') return sub.created + INCOMPLETE_EXPIRY;
  const end = periodOf(sub).end;
  return sub.cancel_at !== null && sub.cancel_at < end ? sub.cancel_at : end;
}

/** The durable timer (work/timers.ts) that renews, ends or expires a subscription when its time comes. */
export const RENEW_TIMER = 'subscription.renew';

/** `customer.subscription.trial_will_end`: "three days before a subscription's trial period is scheduled to end". */
export const TRIAL_WILL_END_TIMER = 'subscription.trial_will_end';
const TRIAL_NOTICE = 3 * 86_400;

/** The trial notice timer: three days before the trial ends (at once when fewer remain), once per trial end. */
async function scheduleTrialNotice(ctx: Ctx, sub: Subscription): Promise<void> {
  // "or immediately when a trial is ended early (for example, with trial_end=now)", and "if a trial is
  // shortened so that fewer than three days remain, this event can fire immediately": in this unit.
  const endedNow = sub.trial_end === ctx.now && sub.status !== 'trialing' && sub.trial_start !== null;
  const soon = sub.status === 'trialing' && sub.trial_end !== null && sub.trial_end - TRIAL_NOTICE <= ctx.now;
  if ((endedNow || soon) && sub.trial_end !== null && sub.internal.trial_notice_for !== sub.trial_end) {
    sub.internal.trial_notice_for = sub.trial_end;
    ctx.work?.emitFor('customer.subscription.trial_will_end', sub);
  }
  const wanted = sub.status === 'trialing' && sub.trial_end !== null && sub.internal.trial_notice_for !== sub.trial_end ? sub.trial_end : null;
  if (wanted === (sub.internal.trial_notice_at ?? null)) return;
  sub.internal.trial_notice_at = wanted;
  await setTimer(ctx, { kind: TRIAL_WILL_END_TIMER, object: sub.id, runAt: wanted === null ? null : Math.max(wanted - TRIAL_NOTICE, ctx.now), testClock: sub.test_clock });
}

/** Keeps the renewal timer at the subscription's next action, on its customer's clock. */
async function schedule(ctx: Ctx, sub: Subscription): Promise<void> {
  await scheduleTrialNotice(ctx, sub);
  await scheduleUpcoming(ctx, sub);
  const at = nextActionAt(sub);
  if (at === (sub.internal.next_action_at ?? null) && sub.internal.scheduled) return;
  sub.internal.next_action_at = at;
  sub.internal.scheduled = true;
  await setTimer(ctx, { kind: RENEW_TIMER, object: sub.id, runAt: at, testClock: sub.test_clock });
}

export async function saveSubscription(ctx: Ctx, sub: Subscription): Promise<void> {
  sub.items.total_count = sub.items.data.length;
  await schedule(ctx, sub);
  await subscriptions.update(ctx, sub);
}

export async function insertSubscription(ctx: Ctx, sub: Subscription): Promise<void> {
  sub.items.total_count = sub.items.data.length;
  await schedule(ctx, sub);
  await subscriptions.insert(ctx, sub);
}

/** The subscription in the URL, locked until the unit ends (PostgreSQL). */
export async function lockSubscription(ctx: Ctx, id: string, param = 'id', status = 404): Promise<Subscription> {
  const sub = await subscriptions.getForUpdate(ctx, id);
  if (!sub) throw errors.resourceMissing('subscription', id, param, status);
  return sub;
}
