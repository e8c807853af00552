// Writes the request's events into the events table (the outbox) inside the
// request's own transaction: a change and its events commit together or not at all.
import type { Ctx } from '../http/context.ts';
import { newId } from '../store/ids.ts';
import type { ChangeLog } from './change-log.ts';
import { eventsFromChanges } from './from-changes.ts';

export interface EventSettings {
  /** The account's default API version: events are rendered in it (DESIGN: Versions). */
  apiVersion: string;
}

export async function recordEvents(ctx: Ctx, log: ChangeLog, settings: EventSettings): Promise<number> {
  const events = eventsFromChanges(log, { invoiceItemUpdated: settings.apiVersion < '2024-04-10' });
  if (events.length === 0) return 0;
  await ctx.db
    .insertInto('events')
    .values(
      events.map((e) => ({
        account: ctx.account,
        id: newId('evt'),
        type: e.type,
        created: ctx.now,
        api_version: settings.apiVersion,
        request_id: ctx.requestId,
        idempotency_key: ctx.idempotencyKey,
        object: JSON.stringify(e.object),
        previous_attributes: e.previous_attributes === null ? null : JSON.stringify(e.previous_attributes),
      })),
    )
    .execute();
  return events.length;
}
