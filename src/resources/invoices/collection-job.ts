// Automatic collection, a background job of the invoices module on the server's clock:
// auto-advancing invoices are finalized an hour after creation and, charged automatically,
// charged; failed payments are retried on the retry schedule, and after the last failure the
// invoice is left open, marked uncollectible or voided (--after-final-retry). The
// invoice_collection table says what is due when; scheduleCollection keeps it in step with the
// invoices' events in their own units of work. Each due step runs in one unit of work that
// also reschedules it; on PostgreSQL its row is claimed FOR UPDATE SKIP LOCKED, so across
// processes each step runs exactly once.
import type { Kysely } from 'kysely';
import type { Clock, Ctx } from '../../http/context.ts';
import type { StoredObject } from '../../store/objects.ts';
import type { PendingEvent } from '../../events/from-changes.ts';
import { collectionRunAt, type CollectableInvoice } from '../../billing/payment-retries.ts';
import { LATEST } from '../../versions/registry.ts';
import { inUnitOfWork, type WorkEnv } from '../../work/run.ts';
import { finalizeDraft, voidLocked } from './finalize.ts';
import { chargeInvoice, invoicePaymentMethod } from './collect.ts';
import { saveInvoice } from './totals.ts';
import { invoices } from './repository.ts';

interface CollectionTable {
  invoice_collection: { account: string; invoice: string; run_at: number };
}
const tables = (db: unknown) => db as Kysely<CollectionTable>;

/** afterRecord: keeps invoice_collection in step with the invoices a unit of work changed. */
export async function scheduleCollection(ctx: Ctx, events: readonly PendingEvent[]): Promise<void> {
  const last = new Map<string, { obj: StoredObject; deleted: boolean }>();
  for (const e of events) if (e.object.object === 'invoice') last.set(e.object.id, { obj: e.object, deleted: e.type === 'invoice.deleted' });
  const db = tables(ctx.db);
  for (const [id, { obj, deleted }] of last) {
    const at = deleted ? null : collectionRunAt(obj as unknown as CollectableInvoice);
    if (at === null) await db.deleteFrom('invoice_collection').where('account', '=', ctx.account).where('invoice', '=', id).execute();
    else
      await db
        .insertInto('invoice_collection')
        .values({ account: ctx.account, invoice: id, run_at: at })
        .onConflict((oc) => oc.columns(['account', 'invoice']).doUpdateSet({ run_at: at }))
        .execute();
  }
}

/** One due step of one invoice: finalize a draft, charge an open invoice, act after the last retry. */
async function collectOne(ctx: Ctx, id: string): Promise<void> {
  let inv = await invoices.getForUpdate(ctx, id);
  if (!inv) return;
  const due = collectionRunAt(inv);
  if (due === null || due > ctx.now) return;
  if (inv.status === 'draft') {
    inv = await finalizeDraft(ctx, inv);
    // invoice.finalized before the payment's events.
    ctx.work?.checkpoint('invoice', inv.id);
  }
  if (inv.status !== 'open' || inv.amount_remaining === 0 || inv.collection_method !== 'charge_automatically') return;
  const pm = await invoicePaymentMethod(ctx, inv, undefined);
  if (pm) {
    if ((await chargeInvoice(ctx, inv, pm, true)) === null) return;
  } else {
    // "due to ... the lack of a stored payment method"; Smart Retries do not retry without one.
    inv.attempted = true;
    inv.attempt_count += 1;
    inv.next_payment_attempt = null;
    await saveInvoice(ctx, inv);
    ctx.work?.emitFor('invoice.payment_failed', inv);
  }
  if (inv.next_payment_attempt !== null) return;
  const action = ctx.config?.afterFinalRetry ?? 'leave_open';
  if (action === 'void') await voidLocked(ctx, inv);
  else if (action === 'mark_uncollectible') {
    inv.status = 'uncollectible';
    inv.status_transitions.marked_uncollectible_at = ctx.now;
    inv.auto_advance = false;
    await saveInvoice(ctx, inv);
  }
}

/** Handles every step due at the clock's time; returns how many. */
export async function sweepCollection(env: WorkEnv, clock: Clock, limit = 1000): Promise<number> {
  let done = 0;
  const skipped = new Set<string>();
  while (done < limit) {
    const now = clock.now();
    const candidates = await tables(env.store.db)
      .selectFrom('invoice_collection')
      .select(['account', 'invoice'])
      .where('run_at', '<=', now)
      .orderBy('run_at')
      .limit(skipped.size + 1)
      .execute();
    const next = candidates.find((c) => !skipped.has(`${c.account}/${c.invoice}`));
    if (!next) break;
    // Automatic events have no request.
    const base = { account: next.account, apiVersion: LATEST, requestId: null as unknown as string, idempotencyKey: null, now, config: env.config };
    try {
      const ran = await inUnitOfWork(env, base, async (ctx) => {
        let q = tables(ctx.db)
          .selectFrom('invoice_collection')
          .select('run_at')
          .where('account', '=', next.account)
          .where('invoice', '=', next.invoice)
          .where('run_at', '<=', now);
        if (ctx.work!.locksRows) q = q.forUpdate().skipLocked();
        // Another process has it (or had it: it is no longer due).
        if (!(await q.executeTakeFirst())) return false;
        // Gone from the schedule unless the step reschedules it (through its invoice's events).
        await tables(ctx.db).deleteFrom('invoice_collection').where('account', '=', next.account).where('invoice', '=', next.invoice).execute();
        await collectOne(ctx, next.invoice);
        return true;
      });
      if (!ran) skipped.add(`${next.account}/${next.invoice}`);
    } catch (err) {
      // A step that cannot run (its customer was deleted, ...) is dropped, not retried forever.
      await tables(env.store.db).deleteFrom('invoice_collection').where('account', '=', next.account).where('invoice', '=', next.invoice).execute();
      console.error(`automatic collection of ${next.invoice}: ${err instanceof Error ? err.message : String(err)}`);
    }
    done++;
  }
  return done;
}
