// An events-table row as the `event` object, its data.object rendered at a given API version
// (the event's own, or a webhook endpoint's). Shared by GET /v1/events and webhook delivery.
import type { Ctx } from '../http/context.ts';
import type { Db } from '../store/db.ts';
import type { EventsTable } from '../store/schema.ts';
import { objectLoader } from '../store/objects.ts';
import { isKnownVersion, LATEST, type ApiVersion } from '../versions/registry.ts';
import { renderAtVersion, showsNewestShapes } from '../versions/render.ts';
import { previousAttributes, previousObject } from './from-changes.ts';

export type EventRow = Omit<EventsTable, 'seq'> & { seq: number };

export interface EventObject {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: EventData | PreRendered<EventData>;
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface EventData {
  object: Record<string, unknown>;
  previous_attributes?: Record<string, unknown>;
}

/**
 * JSON already in its final shape. The route wrapper renders every typed object of a response
 * at the caller's API version; an event's data is rendered at the event's version instead
 * (Stripe: "The contents of data never change"), so it travels hidden from that walk:
 * no enumerable keys, only toJSON.
 */
export class PreRendered<T> {
  readonly #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  toJSON(): T {
    return this.#value;
  }
}

export function versionOf(v: string | null | undefined): ApiVersion {
  return v && isKnownVersion(v) ? v : LATEST;
}

/** A context for rendering outside a request (delivery, sweeps). */
export function renderCtx(db: Db, account: string, version: ApiVersion, now: number): Ctx {
  return { account, apiVersion: version, requestId: '', idempotencyKey: null, now, db, work: null };
}

export async function eventData(row: EventRow, version: ApiVersion, ctx: Ctx): Promise<EventData> {
  const at = objectLoader(ctx);
  const after = JSON.parse(row.object) as Record<string, unknown>;
  if (row.previous_attributes === null) return { object: await renderAtVersion(after, version, at) };
  const stored = JSON.parse(row.previous_attributes) as Record<string, unknown>;
  if (showsNewestShapes(version)) {
    const { internal: _storedOnly, ...shown } = stored;
    return { object: await renderAtVersion(after, version, at), previous_attributes: shown };
  }
  // Older versions name and shape fields otherwise (`price` for `pricing`): the object before the
  // update is rebuilt and rendered with it (one pass, objects both embed loaded once), and the two
  // compared in that version's shape.
  // (A tree of its own: rendering rewrites objects in place, so the two must share none.)
  const [object, before] = await renderAtVersion([after, previousObject(JSON.parse(row.object), stored)], version, at);
  return { object, previous_attributes: previousAttributes(before, object) };
}

export function eventObject(row: EventRow, version: ApiVersion, data: EventData | PreRendered<EventData>, pending: number): EventObject {
  return {
    id: row.id,
    object: 'event',
    api_version: version,
    created: row.created,
    data,
    livemode: false,
    pending_webhooks: pending,
    request: { id: row.request_id, idempotency_key: row.idempotency_key },
    type: row.type,
  };
}
