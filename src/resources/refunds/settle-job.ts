// The later half of the test cards' refunds (docs.stripe.com/testing#refunds): a refund of
// `pm_card_pendingRefund` starts `pending` and succeeds later; one of `pm_card_refundFail`
// starts `succeeded` and fails later (`refund.failed`), giving the amount back to the charge.
// "Later" is SETTLE_AFTER seconds in the time of the charge's customer: a durable timer
// (work/timers.ts, kind `refund.settle`) on the server's clock, or on the customer's test clock
// (it settles when that clock is advanced past it). Timers fire once across processes.
import type { Clock, Ctx } from '../../http/context.ts';
import type { WorkEnv } from '../../work/run.ts';
import { fireDueTimers, setTimer, type TimerHandler } from '../../work/timers.ts';
import { testClockOf } from '../test-clocks/time.ts';
import { charges } from '../charges/repository.ts';
import { saveCharge } from '../charges/service.ts';
import { refunds } from './repository.ts';

/** Stripe says only "some time later"; a few seconds keep the step observable and tests short. */
export const SETTLE_AFTER = 3;

export const SETTLE_TIMER = 'refund.settle';

/** In the refund's unit of work, whose `ctx.now` is the charge's customer's time. */
export async function scheduleSettlement(ctx: Ctx, refund: string, customer: string | null): Promise<void> {
  await setTimer(ctx, { kind: SETTLE_TIMER, object: refund, runAt: ctx.now + SETTLE_AFTER, testClock: await testClockOf(ctx, customer) });
}

async function settleOne(ctx: Ctx, id: string): Promise<void> {
  const seen = await refunds.get(ctx, id);
  if (!seen) return;
  // Lock order as createRefund: the charge, then its refund.
  const ch = await charges.getForUpdate(ctx, seen.charge);
  const r = await refunds.getForUpdate(ctx, id);
  if (!ch || !r) return;
  if (r.status === 'pending') {
    r.status = 'succeeded';
    await refunds.update(ctx, r);
    ctx.work?.emitFor('refund.updated', r, { status: 'pending' });
    return;
  }
  if (r.status === 'succeeded' && r.internal?.fails) {
    r.status = 'failed';
    // Stripe does not say which reason its test card gives; `declined` is the generic one.
    r.failure_reason = 'declined';
    delete r.internal.fails;
    await refunds.update(ctx, r);
    ch.amount_refunded = Math.max(0, ch.amount_refunded - r.amount);
    ch.refunded = false;
    await saveCharge(ctx, ch);
    ctx.work?.emitFor('refund.updated', r, { status: 'succeeded', failure_reason: null });
    ctx.work?.emitFor('refund.failed', r);
  }
}

export const settleTimer: TimerHandler = { kind: SETTLE_TIMER, run: settleOne };

/** Settles every real-time refund due at the clock's time; returns how many (the timers job does this every second). */
export function sweepSettlements(env: WorkEnv, clock: Clock, limit = 500): Promise<number> {
  return fireDueTimers(env, clock, limit, SETTLE_TIMER);
}
