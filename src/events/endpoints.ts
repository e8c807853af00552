// Webhook endpoints as delivery sees them. They are stored as objects of type
// webhook_endpoint (src/resources/webhook-endpoints); their secret and the event
// they start after are kept under `internal`, which no response shows.
import type { Db } from '../store/db.ts';
import type { StoredObject } from '../store/objects.ts';
import { subscribes } from './types.ts';

export const ENDPOINT_TYPE = 'webhook_endpoint';

export interface StoredEndpoint extends StoredObject {
  id: string;
  object: 'webhook_endpoint';
  api_version: string | null;
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  url: string;
  internal: {
    secret: string;
    /** The newest event seq when the endpoint was created: it receives only later events. */
    after_seq: number;
  };
}

/** The account's enabled endpoints (the status column mirrors `status`). */
export async function enabledEndpoints(db: Db, account: string): Promise<StoredEndpoint[]> {
  const rows = await db
    .selectFrom('objects')
    .select('data')
    .where('account', '=', account)
    .where('type', '=', ENDPOINT_TYPE)
    .where('status', '=', 'enabled')
    .execute();
  return rows.map((r) => JSON.parse(r.data) as StoredEndpoint);
}

/** Whether an endpoint takes an event: subscribed to its type and created before it. */
export function takes(endpoint: StoredEndpoint, event: { seq: number; type: string }): boolean {
  return event.seq > endpoint.internal.after_seq && subscribes(endpoint.enabled_events, event.type);
}

/** The newest event seq of an account (0 without events). */
export async function lastEventSeq(db: Db, account: string): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select('seq')
    .where('account', '=', account)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.seq ?? 0;
}
