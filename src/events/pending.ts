// pending_webhooks: how many of the account's webhook endpoints have not yet had the
// event delivered (a 2xx back). Deliveries still to be tried or given up on both count;
// events the deliverer has not fanned out yet count the endpoints that will get them.
import { sql } from 'kysely';
import type { Db } from '../store/db.ts';
import { enabledEndpoints, takes, type StoredEndpoint } from './endpoints.ts';
import { CURSOR, FORWARD, hooksDb } from './tables.ts';

export async function readCursor(db: Db): Promise<number> {
  const row = await hooksDb(db).selectFrom('webhook_state').select('value').where('name', '=', CURSOR).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

export async function pendingWebhooks(db: Db, events: { seq: number; account: string; type: string }[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (events.length === 0) return out;
  const cursor = await readCursor(db);
  const fanned = events.filter((e) => e.seq <= cursor).map((e) => e.seq);
  if (fanned.length > 0) {
    const rows = await hooksDb(db)
      .selectFrom('webhook_deliveries')
      .select(['event_seq', sql<number>`count(*)`.as('n')])
      .where('event_seq', 'in', fanned)
      .where('status', 'in', ['pending', 'failed'])
      .where('endpoint', '<>', FORWARD)
      .groupBy('event_seq')
      .execute();
    for (const r of rows) out.set(Number(r.event_seq), Number(r.n));
  }
  const endpoints = new Map<string, StoredEndpoint[]>();
  for (const e of events) {
    if (e.seq <= cursor) continue;
    let list = endpoints.get(e.account);
    if (!list) endpoints.set(e.account, (list = await enabledEndpoints(db, e.account)));
    out.set(e.seq, list.filter((ep) => takes(ep, e)).length);
  }
  return out;
}
