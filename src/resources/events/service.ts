// Events: GET /v1/events and /v1/events/:id over the outbox table. Each event's data.object
// is rendered at the event's own api_version, whatever version the caller uses.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import type { ListEnvelope } from '../../http/list.ts';
import type { RangeInput } from '../../http/params.ts';
import type { Database } from '../../store/schema.ts';
import { pendingWebhooks, readCursor } from '../../events/pending.ts';
import { ENDPOINT_TYPE } from '../../events/endpoints.ts';
import { eventData, eventObject, PreRendered, versionOf, type EventObject, type EventRow } from '../../events/render-event.ts';
import { FORWARD } from '../../events/tables.ts';
import type { ListEvents } from './params.ts';

/** Stripe: "List events, going back up to 30 days"; retrieve likewise. */
export const RETENTION_SECONDS = 30 * 24 * 60 * 60;

type EventsQuery = SelectQueryBuilder<Database, 'events', EventRow>;

async function toEvents(ctx: Ctx, rows: EventRow[]): Promise<EventObject[]> {
  const pending = await pendingWebhooks(ctx.db, rows);
  const out: EventObject[] = [];
  for (const row of rows) {
    const version = versionOf(row.api_version);
    out.push(eventObject(row, version, new PreRendered(await eventData(row, version, ctx)), pending.get(row.seq) ?? 0));
  }
  return out;
}

const normalize = (r: EventRow): EventRow => ({ ...r, seq: Number(r.seq), created: Number(r.created) });

export async function retrieveEvent(ctx: Ctx, id: string): Promise<EventObject> {
  const row = await ctx.db
    .selectFrom('events')
    .selectAll()
    .where('account', '=', ctx.account)
    .where('id', '=', id)
    .where('created', '>=', ctx.now - RETENTION_SECONDS)
    .executeTakeFirst();
  if (!row) throw errors.resourceMissing('event', id, 'id', 404);
  return (await toEvents(ctx, [normalize(row as EventRow)]))[0];
}

/** `invoice.*` -> a LIKE pattern (`_` and `%` are literal in event types). */
function typePattern(type: string): string {
  return type.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}

function byType(q: EventsQuery, type: string): EventsQuery {
  return type.includes('*') ? q.where(sql<boolean>`type like ${typePattern(type)} escape '\\'`) : q.where('type', '=', type);
}

function byCreated(q: EventsQuery, c: RangeInput | undefined): EventsQuery {
  if (c === undefined) return q;
  if (typeof c === 'number') return q.where('created', '=', c);
  if (c.gt !== undefined) q = q.where('created', '>', c.gt);
  if (c.gte !== undefined) q = q.where('created', '>=', c.gte);
  if (c.lt !== undefined) q = q.where('created', '<', c.lt);
  if (c.lte !== undefined) q = q.where('created', '<=', c.lte);
  return q;
}

export async function listEvents(ctx: Ctx, p: ListEvents): Promise<ListEnvelope<EventObject>> {
  if (p.type !== undefined && p.types !== undefined) throw errors.onlyOneOf(['type', 'types']);
  if (p.starting_after !== undefined && p.ending_before !== undefined) throw errors.bothCursors();
  let q = ctx.db
    .selectFrom('events')
    .selectAll()
    .where('account', '=', ctx.account)
    .where('created', '>=', ctx.now - RETENTION_SECONDS) as EventsQuery;
  if (p.type !== undefined) q = byType(q, p.type);
  if (p.types !== undefined && p.types.length > 0) {
    const types = p.types;
    q = q.where((eb) => eb.or(types.map((t) => (t.includes('*') ? eb(sql`type`, 'like', sql`${typePattern(t)} escape '\\'`) : eb('type', '=', t)))));
  }
  q = byCreated(q, p.created);
  if (p.delivery_success !== undefined) {
    // Delivered to every endpoint, or not yet (still pending, or given up on). Events the deliverer
    // has not fanned out yet count as undelivered when the account has an enabled endpoint at all.
    const cursor = await readCursor(ctx.db);
    const undelivered = sql<boolean>`(exists (select 1 from webhook_deliveries d where d.event_seq = events.seq and d.status in ('pending', 'failed') and d.endpoint <> ${FORWARD})
      or (events.seq > ${cursor} and exists (select 1 from objects o where o.account = events.account and o.type = ${ENDPOINT_TYPE} and o.status = 'enabled')))`;
    q = q.where(p.delivery_success ? sql<boolean>`not ${undelivered}` : undelivered);
  }
  const cursorId = p.starting_after ?? p.ending_before;
  const backwards = p.ending_before !== undefined;
  if (cursorId !== undefined) {
    const at = await ctx.db.selectFrom('events').select('seq').where('account', '=', ctx.account).where('id', '=', cursorId).executeTakeFirst();
    if (!at) throw errors.resourceMissing('event', cursorId, backwards ? 'ending_before' : 'starting_after');
    q = q.where('seq', backwards ? '>' : '<', at.seq);
  }
  const limit = p.limit ?? 10;
  const rows = (await q.orderBy('seq', backwards ? 'asc' : 'desc').limit(limit + 1).execute()).map((r) => normalize(r as EventRow));
  const page = rows.slice(0, limit);
  if (backwards) page.reverse();
  return { object: 'list', data: await toEvents(ctx, page), has_more: rows.length > limit, url: '/v1/events' };
}
