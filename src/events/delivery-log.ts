// What an endpoint's deliveries look like from outside (the dashboard): its deliveries newest
// first, keyset-paged, each with its event and every attempt; and resending one, which puts it
// back in the outbox to be delivered again at once, whatever became of it before.
import type { Db } from '../store/db.ts';
import { hooksDb, type DeliveryStatus } from './tables.ts';

export interface AttemptView {
  at: number;
  httpStatus: number | null;
  error: string | null;
  delivered: boolean;
}

export interface DeliveryView {
  id: number;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: AttemptView[];
  /** Unix ms of the next attempt while pending. */
  nextAttempt: number | null;
  created: number;
}

export interface DeliveryPage {
  data: DeliveryView[];
  hasMore: boolean;
}

/** One endpoint's deliveries, newest first; `before` is the id the previous page ended on. */
export async function listDeliveries(db: Db, account: string, endpoint: string, limit: number, before?: number): Promise<DeliveryPage> {
  const h = hooksDb(db);
  let q = h
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.seq', 'd.event_seq')
    .select(['d.id', 'd.status', 'd.next_attempt', 'd.created', 'e.id as event_id', 'e.type as event_type'])
    .where('d.account', '=', account)
    .where('d.endpoint', '=', endpoint);
  if (before !== undefined) q = q.where('d.id', '<', before);
  const rows = await q.orderBy('d.id', 'desc').limit(limit + 1).execute();
  const page = rows.slice(0, limit);
  const ids = page.map((r) => Number(r.id));
  const attempts = new Map<number, AttemptView[]>();
  if (ids.length > 0) {
    const all = await h.selectFrom('webhook_attempts').selectAll().where('delivery', 'in', ids).orderBy('id').execute();
    for (const a of all) {
      const list = attempts.get(Number(a.delivery)) ?? [];
      list.push({ at: Number(a.attempted_at), httpStatus: a.http_status, error: a.error, delivered: a.delivered === 1 });
      attempts.set(Number(a.delivery), list);
    }
  }
  return {
    data: page.map((r) => ({
      id: Number(r.id),
      eventId: r.event_id,
      eventType: r.event_type,
      status: r.status,
      attempts: attempts.get(Number(r.id)) ?? [],
      nextAttempt: r.status === 'pending' ? Number(r.next_attempt) : null,
      created: Number(r.created),
    })),
    hasMore: rows.length > limit,
  };
}

const requeueListeners = new Set<() => void>();

/** The delivery loop listens: a resent delivery is looked for at once, not at the next sweep. */
export function onRequeue(fn: () => void): () => void {
  requeueListeners.add(fn);
  return () => requeueListeners.delete(fn);
}

/**
 * Resends one of the account's deliveries to its endpoint: due now, as Stripe's "Resend".
 * It counts as one more attempt of that delivery (a failure after it is final once the
 * retry schedule is used up). Returns false when the account has no such delivery.
 */
export async function resendDelivery(db: Db, account: string, endpoint: string, id: number, nowMs: number): Promise<boolean> {
  const result = await hooksDb(db)
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt: nowMs, updated: Math.floor(nowMs / 1000) })
    .where('id', '=', id)
    .where('account', '=', account)
    .where('endpoint', '=', endpoint)
    .executeTakeFirst();
  const changed = Number(result.numUpdatedRows) > 0;
  if (changed) for (const fn of requeueListeners) fn();
  return changed;
}
