// `invoice.upcoming`: "X number of days before a subscription is scheduled to create an invoice
// ... where X is determined by your subscriptions settings" (the Dashboard's "Upcoming renewal
// events"; here --upcoming-renewal-days). A durable timer per subscription, set whenever the
// subscription is saved to X days before its current period ends, on its customer's clock; when
// it fires, the renewal's invoice is made in memory by the renewal step's own decisions
// (next-renewal.ts), and the event carries it without an id, as create_preview shows it. Once per
// period end.
import { sql } from 'kysely';
import type { Ctx } from '../../http/context.ts';
import { DEFAULTS } from '../../config.ts';
import { setTimer } from '../../work/timers.ts';
import { UnitOfWork } from '../../work/unit-of-work.ts';
import { DiscardedChanges } from '../../work/change-log.ts';
import { retrieveInvoice } from '../invoices/service.ts';
import { forgetReads, type StoredObject } from '../../store/objects.ts';
import { subscriptions } from './repository.ts';
import { previewSubscriptionInvoice } from './preview.ts';
import { draftNextRenewal } from './next-renewal.ts';
import { ENDED, type Subscription } from './model.ts';

export const UPCOMING_TIMER = 'subscription.upcoming';
const DAY = 86_400;

/** The period end the next notice is for, and when it is due; null when none is due this period. */
function notice(ctx: Ctx, sub: Subscription): { for: number; at: number } | null {
  if (ENDED.has(sub.status) || sub.status === 'incomplete' || sub.status === 'paused') return null;
  // A subscription that ends at this period's end makes no renewal invoice.
  const first = sub.items.data[0];
  if (!first) return null;
  const period = { start: first.current_period_start, end: first.current_period_end };
  if (sub.cancel_at_period_end || (sub.cancel_at !== null && sub.cancel_at <= period.end)) return null;
  const internal = sub.internal as { upcoming_for?: number };
  if (internal.upcoming_for === period.end) return null;
  const at = period.end - (ctx.config?.upcomingRenewalDays ?? DEFAULTS.upcomingRenewalDays) * DAY;
  // A period no longer than X days gets no notice (it would come before the period began).
  if (at <= period.start) return null;
  return { for: period.end, at: Math.max(at, ctx.now) };
}

/** Keeps the notice timer where the subscription's current period puts it (called on every save). */
export async function scheduleUpcoming(ctx: Ctx, sub: Subscription): Promise<void> {
  const internal = sub.internal as { upcoming_at?: number | null };
  const wanted = notice(ctx, sub);
  const at = wanted?.at ?? null;
  if (at === (internal.upcoming_at ?? null)) return;
  internal.upcoming_at = at;
  await setTimer(ctx, { kind: UPCOMING_TIMER, object: sub.id, runAt: at, testClock: sub.test_clock });
}

/** The notice timer fired: the renewal's preview, as an `invoice.upcoming` event. */
export async function upcomingRenewal(ctx: Ctx, id: string): Promise<void> {
  const sub = await subscriptions.getForUpdate(ctx, id);
  if (!sub) return;
  const internal = sub.internal as { upcoming_at?: number | null; upcoming_for?: number };
  internal.upcoming_at = null;
  const due = notice(ctx, sub);
  if (due !== null && due.at <= ctx.now) {
    const preview = await upcomingInvoice(ctx, sub, id);
    internal.upcoming_for = due.for;
    if (preview) ctx.work?.emitFor('invoice.upcoming', preview);
  }
  // Only `internal` changed: no customer.subscription.updated.
  await scheduleUpcoming(ctx, sub);
  await subscriptions.update(ctx, sub);
}

/** The next renewal's invoice as create_preview shows it, made in memory; null when the next step makes none. */
async function upcomingInvoice(ctx: Ctx, sub: Subscription, id: string): Promise<StoredObject | null> {
  const next = await draftNextRenewal(ctx, sub);
  if (next.kind === 'none') return null;
  if (next.kind === 'finalized') return previewInSavepoint(ctx, id);
  const { invoice, lines } = next;
  // As an endpoint shows an invoice: its first page of lines.
  const page = { object: 'list', data: lines.slice(0, LINES_PAGE), has_more: lines.length > LINES_PAGE, url: '' };
  return asNotice(id, { ...invoice, lines: page });
}

const LINES_PAGE = 10;

/** Like a preview's: temporary line ids, no invoice id. */
function asNotice(subscription: string, inv: { id: string; lines?: unknown }): StoredObject {
  const lines = inv.lines as { data: { id: string; invoice: string | null }[]; url: string };
  for (const line of lines.data) {
    line.id = `il_tmp_${line.id.slice(line.id.indexOf('_') + 1)}`;
    line.invoice = null;
  }
  lines.url = `/v1/invoices/upcoming/lines?subscription=${subscription}`;
  const { id: _id, ...rest } = inv;
  return { ...rest, billing_reason: 'upcoming', webhooks_delivered_at: null } as unknown as StoredObject;
}

/** Paused collection's finalized renewal, as create_preview shows it: made and undone within this unit. */
async function previewInSavepoint(ctx: Ctx, id: string): Promise<StoredObject | null> {
  if (!ctx.work) return null;
  // Its own unit of work, whose changes are not even noted: they are undone and never become events.
  const scratch: Ctx = { ...ctx, work: new UnitOfWork(ctx.db, ctx.work.dialect, null, new DiscardedChanges()) };
  await sql`savepoint invoice_upcoming`.execute(ctx.db);
  try {
    const invoiceId = await previewSubscriptionInvoice(scratch, { subscription: id, details: {} });
    if (invoiceId === null) return null;
    return asNotice(id, await retrieveInvoice(scratch, invoiceId));
  } finally {
    await sql`rollback to savepoint invoice_upcoming`.execute(ctx.db);
    await sql`release savepoint invoice_upcoming`.execute(ctx.db);
    // The transaction's copies of objects may hold the preview's undone writes.
    forgetReads(ctx.db);
  }
}
