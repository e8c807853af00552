// Fan-out: reads the events outbox after a durable cursor, in seq order, and writes one
// delivery row per (event, subscribed endpoint), plus one for --forward-to, then moves the
// cursor, all in one transaction. A restart resumes at the cursor; on PostgreSQL the cursor
// row is claimed with FOR UPDATE SKIP LOCKED, so one process fans out at a time.
import type { Store } from '../store/db.ts';
import { enabledEndpoints, takes, type StoredEndpoint } from './endpoints.ts';
import { CURSOR, FORWARD, hooksDb, type WebhookDeliveriesTable } from './tables.ts';
import { sql, type Insertable, type Kysely } from 'kysely';

export interface FanOutOptions {
  /** Also deliver every event to the --forward-to URL. */
  forward: boolean;
  batch: number;
  /** Unix ms now, and seconds for the rows' created column. */
  nowMs: number;
  /**
   * Gaps seen in the seq (PostgreSQL): a missing seq below newer ones belongs to a transaction
   * still in progress or rolled back. By missing seq: the next transaction id (xmax) just after it
   * was first seen; the transaction holding it had its id by then, so once every transaction
   * below that id has ended (xmin, read before the events, reaches it), the seq will never
   * appear and is stepped over. No timeout: a rolled-back request delays nothing.
   */
  gaps: Map<number, number>;
}

export interface FanOutResult {
  /** Events the cursor moved past. */
  events: number;
  /** Endpoints that got new delivery rows. */
  endpoints: Set<string>;
  /** The accounts of the events fanned out, each with whether it had an enabled endpoint. */
  accounts: Map<string, boolean>;
}

/** PostgreSQL: the oldest transaction still running (xmin) and the next id to be handed out (xmax). */
async function transactionHorizon(db: Kysely<any>): Promise<{ xmin: number; xmax: number }> {
  const { rows } = await sql<{ xmin: string; xmax: string }>`select txid_snapshot_xmin(txid_current_snapshot())::text as xmin, txid_snapshot_xmax(txid_current_snapshot())::text as xmax`.execute(db);
  return { xmin: Number(rows[0].xmin), xmax: Number(rows[0].xmax) };
}

export async function fanOut(store: Store, o: FanOutOptions): Promise<FanOutResult> {
  const result: FanOutResult = { events: 0, endpoints: new Set(), accounts: new Map() };
  await store.db.transaction().execute(async (trx) => {
    const db = hooksDb(trx);
    let q = db.selectFrom('webhook_state').select('value').where('name', '=', CURSOR);
    if (store.dialect === 'postgres') q = q.forUpdate().skipLocked();
    const cursorRow = await q.executeTakeFirst();
    if (!cursorRow) return; // another process is fanning out
    const cursor = Number(cursorRow.value);
    // Taken before the events are read: a transaction that ends in between is then either seen
    // (its rows) or still counted as running (xmin), never neither.
    const before = store.dialect === 'postgres' ? await transactionHorizon(trx) : null;
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
      // SQLite has one writer and commits in seq order: a gap there (rows deleted by hand) is final.
      if (seq !== upto + 1 && before) {
        const seen = o.gaps.get(upto + 1);
        if (seen === undefined) {
          // Read after the events: the transaction holding the missing seq had its id by then.
          o.gaps.set(upto + 1, (await transactionHorizon(trx)).xmax);
          break;
        }
        if (before.xmin < seen) break;
        o.gaps.delete(upto + 1);
      }
      o.gaps.delete(seq);
      taken.push(r);
      upto = seq;
    }
    if (taken.length === 0) return;

    const byAccount = new Map<string, StoredEndpoint[]>();
    for (const r of taken) if (!byAccount.has(r.account)) byAccount.set(r.account, await enabledEndpoints(trx, r.account));
    for (const [account, endpoints] of byAccount) result.accounts.set(account, endpoints.length > 0);
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
