// Fan-out: reads the events outbox after a durable cursor, in seq order, and writes one
// delivery row per (event, subscribed endpoint), plus one for --forward-to, then moves the
// cursor, all in one transaction. A restart resumes at the cursor; on PostgreSQL the cursor
// row is claimed with FOR UPDATE SKIP LOCKED, so one process fans out at a time.
import type { Store } from '../store/db.ts';
import { enabledEndpoints, takes, type StoredEndpoint } from './endpoints.ts';
import { CURSOR, FORWARD, hooksDb, type WebhookDeliveriesTable } from './tables.ts';
import type { Insertable } from 'kysely';

export interface FanOutOptions {
  /** Also deliver every event to the --forward-to URL. */
  forward: boolean;
  batch: number;
  /** Unix ms now, and seconds for the rows' created column. */
  nowMs: number;
  /**
   * A seq missing below newer ones may be a transaction still committing (PostgreSQL hands out
   * identities before commit): the cursor waits this long for it before stepping over the gap.
   */
  gapWaitMs: number;
  /** First time each gap (by its missing seq) was seen. */
  gaps: Map<number, number>;
}

export interface FanOutResult {
  /** Events the cursor moved past. */
  events: number;
  /** Endpoints that got new delivery rows. */
  endpoints: Set<string>;
}

export async function fanOut(store: Store, o: FanOutOptions): Promise<FanOutResult> {
  const result: FanOutResult = { events: 0, endpoints: new Set() };
  await store.db.transaction().execute(async (trx) => {
    const db = hooksDb(trx);
    let q = db.selectFrom('webhook_state').select('value').where('name', '=', CURSOR);
    if (store.dialect === 'postgres') q = q.forUpdate().skipLocked();
    const cursorRow = await q.executeTakeFirst();
    if (!cursorRow) return; // another process is fanning out
    const cursor = Number(cursorRow.value);
    const rows = await db
      .selectFrom('events')
      .select(['seq', 'account', 'type'])
      .where('seq', '>', cursor)
      .orderBy('seq', 'asc')
      .limit(o.batch)
      .execute();
    let upto = cursor;
    const taken: typeof rows = [];
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== upto + 1) {
        const first = o.gaps.get(upto + 1) ?? o.nowMs;
        o.gaps.set(upto + 1, first);
        if (o.nowMs - first < o.gapWaitMs) break;
        o.gaps.delete(upto + 1);
      }
      taken.push(r);
      upto = seq;
    }
    if (taken.length === 0) return;

    const byAccount = new Map<string, StoredEndpoint[]>();
    for (const r of taken) if (!byAccount.has(r.account)) byAccount.set(r.account, await enabledEndpoints(trx, r.account));
    const now = Math.floor(o.nowMs / 1000);
    const inserts: Insertable<WebhookDeliveriesTable>[] = [];
    const row = (account: string, seq: number, endpoint: string): Insertable<WebhookDeliveriesTable> => ({
      account,
      event_seq: seq,
      endpoint,
      status: 'pending',
      attempts: 0,
      next_attempt: o.nowMs,
      last_status: null,
      last_error: null,
      created: now,
      updated: now,
    });
    for (const r of taken) {
      const seq = Number(r.seq);
      for (const ep of byAccount.get(r.account) ?? []) {
        if (!takes(ep, { seq, type: r.type })) continue;
        inserts.push(row(r.account, seq, ep.id));
        result.endpoints.add(ep.id);
      }
      if (o.forward) {
        inserts.push(row(r.account, seq, FORWARD));
        result.endpoints.add(FORWARD);
      }
    }
    for (let i = 0; i < inserts.length; i += 200) await db.insertInto('webhook_deliveries').values(inserts.slice(i, i + 200)).execute();
    await db.updateTable('webhook_state').set({ value: String(upto) }).where('name', '=', CURSOR).execute();
    result.events = taken.length;
  });
  return result;
}
