// Automatic collection, a background job on the server's clock: auto-advancing invoices
// charged automatically are finalized an hour after creation and charged, failed payments
// are retried on the retry schedule, and after the last failure the invoice is left open,
// marked uncollectible or voided (--after-final-retry). The invoice_collection table says
// what is due when; it is kept in step with the invoices' events in their own transactions.
// Each due invoice is handled in one transaction that also reschedules it; on PostgreSQL its
// row is claimed FOR UPDATE SKIP LOCKED, so across processes each step runs exactly once.
import type { Kysely } from 'kysely';
import type { Clock, Ctx } from '../../http/context.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../store/db.ts';
import { getObjectForUpdate, type StoredObject } from '../../store/objects.ts';
import { checkpointChanges, emitEvent, trackChanges } from '../../events/change-log.ts';
import { recordEvents, registerEventHook } from '../../events/record.ts';
import type { PendingEvent } from '../../events/from-changes.ts';
import { collectionRunAt, type CollectableInvoice } from '../../billing/payment-retries.ts';
import { LATEST } from '../../versions/registry.ts';
import { finalizeDraft, voidLocked } from './finalize.ts';
import { chargeInvoice, invoicePaymentMethod } from './collect.ts';
import { saveInvoice } from './totals.ts';
import { INVOICE_TYPE } from './attach.ts';
import type { Invoice } from './model.ts';

interface CollectionTable {
  invoice_collection: { account: string; invoice: string; run_at: number };
}
const tables = (db: unknown) => db as Kysely<CollectionTable>;

/** Keeps invoice_collection in step with the invoices a request changed. */
async function schedule(ctx: Ctx, events: PendingEvent[]): Promise<void> {
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
registerEventHook(schedule);

/** One due step of one invoice: finalize a draft, charge an open invoice, act after the last retry. */
async function collectOne(ctx: Ctx, id: string): Promise<void> {
  let inv = await getObjectForUpdate<Invoice>(ctx.db, ctx.dialect, ctx.account, INVOICE_TYPE, id);
  if (!inv) return;
  const due = collectionRunAt(inv);
  if (due === null || due > ctx.now) return;
  if (inv.status === 'draft') {
    inv = await finalizeDraft(ctx, inv);
    checkpointChanges(ctx.db, INVOICE_TYPE, inv.id);
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
    emitEvent(ctx.db, 'invoice.payment_failed', inv);
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

export type CollectionSettings = Pick<Config, 'apiVersion' | 'paymentRetrySchedule' | 'afterFinalRetry'>;

/** Handles every step due at the clock's time; returns how many. */
export async function sweepCollection(store: Store, config: CollectionSettings, clock: Clock, limit = 1000): Promise<number> {
  let done = 0;
  while (done < limit) {
    const now = clock.now();
    let claimed: { account: string; invoice: string } | undefined;
    let current: { account: string; invoice: string } | undefined;
    try {
      claimed = await store.db.transaction().execute(async (trx) => {
        let q = tables(trx).selectFrom('invoice_collection').select(['account', 'invoice']).where('run_at', '<=', now).orderBy('run_at').limit(1);
        if (store.dialect === 'postgres') q = q.forUpdate().skipLocked();
        const row = await q.executeTakeFirst();
        if (!row) return undefined;
        current = row;
        // Gone from the schedule unless the step reschedules it (through its invoice's events).
        await tables(trx).deleteFrom('invoice_collection').where('account', '=', row.account).where('invoice', '=', row.invoice).execute();
        const log = trackChanges(trx);
        const ctx: Ctx = {
          account: row.account,
          apiVersion: LATEST,
          // Automatic events have no request.
          requestId: null as unknown as string,
          idempotencyKey: null,
          now,
          db: trx,
          dialect: store.dialect,
          config,
        };
        await collectOne(ctx, row.invoice);
        await recordEvents(ctx, log, { apiVersion: config.apiVersion });
        return row;
      });
    } catch (err) {
      // A step that cannot run (its customer was deleted, ...) is dropped, not retried forever.
      if (!current) throw err;
      await dropFailed(store, current, err);
      done++;
      continue;
    }
    if (!claimed) break;
    done++;
  }
  return done;
}

async function dropFailed(store: Store, row: { account: string; invoice: string }, err: unknown): Promise<void> {
  await tables(store.db).deleteFrom('invoice_collection').where('account', '=', row.account).where('invoice', '=', row.invoice).execute();
  console.error(`automatic collection of ${row.invoice}: ${err instanceof Error ? err.message : String(err)}`);
}

export interface Collector {
  stop(): Promise<void>;
}

/** Runs sweepCollection every `pollMs` until stopped (a missed tick is caught up by the next). */
export function startCollection(store: Store, config: CollectionSettings, clock: Clock, pollMs = 1000): Collector {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(() => (stopped ? 0 : sweepCollection(store, config, clock))).catch((err) => console.error(`automatic collection: ${String(err)}`));
  }, pollMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
