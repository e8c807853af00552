// `invoice.upcoming`: "X number of days before a subscription is scheduled to create an invoice
// ... where X is determined by your subscriptions settings" (the Dashboard's "Upcoming renewal
// events"; here --upcoming-renewal-days). A durable timer per subscription (upcoming-schedule.ts), set whenever the
// subscription is saved to X days before its current period ends, on its customer's clock; when
// it fires, the renewal's invoice is made in memory by the renewal step's own decisions
// (next-renewal.ts), and the event carries it without an id, as create_preview shows it. Once per
// period end.
import { sql } from 'kysely';
import type { Ctx } from '../../http/context.ts';
import { UnitOfWork } from '../../work/unit-of-work.ts';
import { DiscardedChanges } from '../../work/change-log.ts';
import { forgetReads, type StoredObject } from '../../store/objects.ts';
import { subscriptions } from './repository.ts';
import { previewSubscriptionInvoice, type PreviewedInvoice } from './preview.ts';
import { draftNextRenewal } from './next-renewal.ts';
import { withFirstPage } from '../invoices/preview.ts';
import { notice, scheduleUpcoming } from './upcoming-schedule.ts';
import type { Subscription } from './model.ts';

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
  const made = next.kind === 'draft' ? next : await writtenRenewal(ctx, id);
  return made && asNotice(id, made);
}

/** As the upcoming endpoint shows a preview: its first page of lines, temporary line ids, no invoice id. */
function asNotice(subscription: string, { invoice, lines }: PreviewedInvoice): StoredObject {
  const { id: _id, ...rest } = withFirstPage(invoice, lines, null, `/v1/invoices/upcoming/lines?subscription=${subscription}`);
  return { ...rest, billing_reason: 'upcoming', webhooks_delivered_at: null } as unknown as StoredObject;
}

/** A renewal the in-memory draft cannot show (next-renewal.ts `written`): made by the renewal itself and undone within this unit. */
async function writtenRenewal(ctx: Ctx, id: string): Promise<PreviewedInvoice | null> {
  if (!ctx.work) return null;
  // Its own unit of work, whose changes are not even noted: they are undone and never become events.
  const scratch: Ctx = { ...ctx, work: new UnitOfWork(ctx.db, ctx.work.dialect, null, new DiscardedChanges()) };
  await sql`savepoint invoice_upcoming`.execute(ctx.db);
  try {
    // Read into memory before the rollback.
    return await previewSubscriptionInvoice(scratch, { subscription: id, details: {} });
  } finally {
    await sql`rollback to savepoint invoice_upcoming`.execute(ctx.db);
    await sql`release savepoint invoice_upcoming`.execute(ctx.db);
    // The transaction's copies of objects may hold the preview's undone writes.
    forgetReads(ctx.db);
  }
}
