// The later half of the test cards' refunds (docs.stripe.com/testing#refunds): a refund of
// `pm_card_pendingRefund` starts `pending` and succeeds later; one of `pm_card_refundFail`
// starts `succeeded` and fails later (`refund.failed`), giving the amount back to the charge.
// "Later" is SETTLE_AFTER seconds on the server's clock, run by a background job of the
// refunds module; on PostgreSQL each row is claimed FOR UPDATE SKIP LOCKED, so across
// processes each refund moves once.
import type { Kysely } from 'kysely';
import type { Clock, Ctx } from '../../http/context.ts';
import { LATEST } from '../../versions/registry.ts';
import { inUnitOfWork, type WorkEnv } from '../../work/run.ts';
import { charges } from '../charges/repository.ts';
import { saveCharge } from '../charges/service.ts';
import { refunds } from './repository.ts';

/** Stripe says only "some time later"; a few seconds keep the step observable and tests short. */
export const SETTLE_AFTER = 3;

interface SettlementTable {
  refund_settlement: { account: string; refund: string; run_at: number };
}
const tables = (db: unknown) => db as Kysely<SettlementTable>;

export async function scheduleSettlement(ctx: Ctx, refund: string): Promise<void> {
  await tables(ctx.db).insertInto('refund_settlement').values({ account: ctx.account, refund, run_at: ctx.now + SETTLE_AFTER }).execute();
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

/** Moves every refund due at the clock's time; returns how many. */
export async function sweepSettlements(env: WorkEnv, clock: Clock, limit = 500): Promise<number> {
  const now = clock.now();
  const due = await tables(env.store.db).selectFrom('refund_settlement').select(['account', 'refund']).where('run_at', '<=', now).orderBy('run_at').limit(limit).execute();
  let done = 0;
  for (const row of due) {
    const base = { account: row.account, apiVersion: LATEST, requestId: null as unknown as string, idempotencyKey: null, now, config: env.config };
    await inUnitOfWork(env, base, async (ctx) => {
      let q = tables(ctx.db).selectFrom('refund_settlement').select('run_at').where('account', '=', row.account).where('refund', '=', row.refund).where('run_at', '<=', now);
      if (ctx.work!.locksRows) q = q.forUpdate().skipLocked();
      if (!(await q.executeTakeFirst())) return;
      await tables(ctx.db).deleteFrom('refund_settlement').where('account', '=', row.account).where('refund', '=', row.refund).execute();
      await settleOne(ctx, row.refund);
      done++;
    });
  }
  return done;
}
