// What a subscription would invoice next, with or without a change: the change is made with the
// very update, cancel, resume or create that a real request runs (so a preview's prorations are
// the update's own), inside the preview's transaction that always rolls back, with `ctx.preview`
// stopping an invoice due now before finalization. The invoice shown is the one the change makes
// at once (`always_invoice`, a reset billing cycle anchor, `cancel_now`, `resume_at`, a new
// subscription's first invoice) or else the next renewal: the renewal step's own decisions at its
// time, its invoice made in memory (next-renewal.ts).
import type { Ctx } from '../../http/context.ts';
import { errors, StripeError } from '../../http/errors.ts';
import { createSubscription } from './create.ts';
import { updateSubscription } from './update.ts';
import { cancelSubscription } from './cancel.ts';
import { resumeSubscription } from './pause.ts';
import { renewSubscription } from './renew.ts';
import { subscriptions } from './repository.ts';
import { draftNextRenewal } from './next-renewal.ts';
import { loadInvoice } from '../invoices/service.ts';
import { lineItems } from '../invoices/repository.ts';
import type { Invoice, LineItem } from '../invoices/model.ts';
import type { CreateSubscription, UpdateSubscription } from './params.ts';
import type { Subscription } from './model.ts';
import type { CancelAtInput } from './cancel-at.ts';
import { previewStart } from './preview-start.ts';
import { previewBillingMode } from './preview-billing-mode.ts';

/** `subscription_details` of a preview (and the pre-basil `subscription_*` what-if parameters, translated to it). */
export interface SubscriptionDetails {
  billing_cycle_anchor?: { type: 'now' | 'timestamp' | 'unchanged'; timestamp?: number };
  billing_mode?: CreateSubscription['billing_mode'];
  cancel_at?: CancelAtInput;
  cancel_at_period_end?: boolean;
  cancel_now?: boolean;
  default_tax_rates?: string[] | null;
  items?: NonNullable<UpdateSubscription['items']>;
  metadata?: Record<string, string | null> | null;
  proration_behavior?: UpdateSubscription['proration_behavior'];
  proration_date?: number;
  resume_at?: 'now';
  start_date?: number;
  trial_end?: string;
}

export interface PreviewTarget {
  subscription?: string;
  customer?: string;
  details: SubscriptionDetails;
}

const param = (k: string) => `subscription_details[${k}]`;

/** The invoice a preview shows, with all its lines (in listing order). */
export interface PreviewedInvoice {
  invoice: Invoice;
  lines: LineItem[];
}

/** The invoice the preview shows, or null when nothing would be invoiced. */
export async function previewSubscriptionInvoice(base: Ctx, t: PreviewTarget): Promise<PreviewedInvoice | null> {
  const ctx: Ctx = { ...base, preview: true };
  try {
    const made = t.subscription === undefined ? await previewNew(ctx, t.customer!, t.details) : await previewChange(ctx, t.subscription, t.details);
    return typeof made === 'string' ? stored(ctx, made) : made;
  } catch (err) {
    throw underDetails(err, t.details);
  }
}

/** An invoice the change made (in the preview's rolled-back transaction), as stored. */
async function stored(ctx: Ctx, id: string): Promise<PreviewedInvoice> {
  return { invoice: await loadInvoice(ctx, id), lines: await lineItems.all(ctx, { invoice: id }) };
}

/** An error the update or create raised about one of its params names it where the preview took it. */
function underDetails(err: unknown, d: SubscriptionDetails): unknown {
  if (!(err instanceof StripeError) || err.param === undefined) return err;
  const top = err.param.split('[')[0];
  if (!(top in d) || err.param.startsWith('subscription_details')) return err;
  const rest = err.param.slice(top.length);
  return new StripeError({ status: err.status, type: err.type, code: err.code, message: err.message, param: `subscription_details[${top}]${rest}`, headers: err.headers, known: err.known });
}

/** The timestamp of `billing_cycle_anchor` (a new subscription's; `now` is its default), checked. */
function anchorTimestamp(a: SubscriptionDetails['billing_cycle_anchor']): number | undefined {
  if (a === undefined || a.type === 'now') return undefined;
  if (a.type !== 'timestamp' || a.timestamp === undefined)
    throw errors.invalidRequest('A new subscription takes `billing_cycle_anchor[type]=timestamp` with `billing_cycle_anchor[timestamp]`, or `now`.', param('billing_cycle_anchor'));
  return a.timestamp;
}

async function previewNew(ctx: Ctx, customer: string, d: SubscriptionDetails): Promise<string | null> {
  if (d.cancel_now !== undefined) throw errors.invalidRequest('`cancel_now` can only be used when previewing an existing subscription.', param('cancel_now'));
  if (d.resume_at !== undefined) throw errors.invalidRequest('`resume_at` can only be used when previewing an existing subscription.', param('resume_at'));
  if (d.proration_date !== undefined) throw errors.invalidRequest('`proration_date` can only be used when previewing an existing subscription.', param('proration_date'));
  const items = (d.items ?? []).map(({ id, deleted, clear_usage, ...rest }, i) => {
    if (id !== undefined || deleted !== undefined) throw errors.invalidRequest('A new subscription\'s items cannot name an existing item.', `${param('items')}[${i}]`);
    return rest;
  });
  if (d.proration_behavior === 'always_invoice') throw errors.invalidEnum(param('proration_behavior'), ['create_prorations', 'none']);
  const start = await previewStart(ctx, customer, d.start_date);
  const sub = await createSubscription(start.ctx, {
    customer,
    items,
    billing_cycle_anchor: anchorTimestamp(d.billing_cycle_anchor),
    billing_mode: d.billing_mode,
    cancel_at: d.cancel_at ?? undefined,
    cancel_at_period_end: d.cancel_at_period_end,
    default_tax_rates: d.default_tax_rates ?? undefined,
    metadata: d.metadata ?? undefined,
    proration_behavior: d.proration_behavior as CreateSubscription['proration_behavior'],
    backdate_start_date: start.backdate,
    trial_end: d.trial_end,
    // The first invoice is shown as made; nothing is attempted (ctx.preview stops before it anyway).
    payment_behavior: 'default_incomplete',
  });
  return sub.latest_invoice;
}

async function previewChange(ctx: Ctx, id: string, d: SubscriptionDetails): Promise<string | PreviewedInvoice | null> {
  const before = await subscriptions.get(ctx, id);
  if (!before) throw errors.resourceMissing('subscription', id, 'subscription');
  if (d.start_date !== undefined) throw errors.invalidRequest('`start_date` can only be used when previewing a new subscription.', param('start_date'));
  await previewBillingMode(ctx, before, d.billing_mode);
  const behavior = d.proration_behavior ?? 'create_prorations';
  if (d.cancel_now) {
    const sub = await cancelSubscription(ctx, id, { invoice_now: true, prorate: behavior !== 'none' });
    return sub.latest_invoice !== before.latest_invoice ? sub.latest_invoice : null;
  }
  if (d.resume_at === 'now') {
    const anchor = d.billing_cycle_anchor?.type;
    if (anchor === 'timestamp') throw errors.invalidEnum(param('billing_cycle_anchor[type]'), ['now', 'unchanged']);
    const sub = await resumeSubscription(ctx, id, { billing_cycle_anchor: anchor, proration_behavior: d.proration_behavior, proration_date: d.proration_date });
    // `now` bills a new period at once; `unchanged` leaves prorations for the next renewal.
    return sub.latest_invoice !== before.latest_invoice ? sub.latest_invoice : nextRenewal(ctx, id, sub);
  }
  const change: UpdateSubscription = {};
  if (d.items !== undefined) change.items = d.items;
  if (d.proration_behavior !== undefined) change.proration_behavior = d.proration_behavior;
  if (d.proration_date !== undefined) change.proration_date = d.proration_date;
  if (d.cancel_at !== undefined) change.cancel_at = d.cancel_at;
  if (d.cancel_at_period_end !== undefined) change.cancel_at_period_end = d.cancel_at_period_end;
  if (d.default_tax_rates !== undefined) change.default_tax_rates = d.default_tax_rates;
  if (d.metadata !== undefined) change.metadata = d.metadata;
  if (d.trial_end !== undefined) change.trial_end = d.trial_end;
  if (d.billing_cycle_anchor !== undefined) {
    const type = d.billing_cycle_anchor.type;
    if (type === 'timestamp') throw errors.notSupported('A timestamp `billing_cycle_anchor` when previewing an existing subscription', param('billing_cycle_anchor'));
    change.billing_cycle_anchor = type;
  }
  const sub = Object.keys(change).length > 0 ? await updateSubscription(ctx, id, change) : before;
  // Billed at once (always_invoice, a reset anchor, a trial ended now): that invoice is the preview.
  if (sub.latest_invoice !== before.latest_invoice) return sub.latest_invoice;
  return nextRenewal(ctx, id, sub);
}

/** The next renewal, with whatever the change left pending: the renewal step's decisions at its time, its invoice in memory. */
async function nextRenewal(ctx: Ctx, id: string, sub: Subscription): Promise<string | PreviewedInvoice | null> {
  const next = await draftNextRenewal(ctx, sub);
  if (next.kind === 'none') return null;
  if (next.kind === 'draft') return { invoice: next.invoice, lines: next.lines };
  // The renewal writes what the draft cannot show (next-renewal.ts): the renewal itself, run at its time (rolled back with the preview).
  await renewSubscription({ ...ctx, now: Math.max(next.at, ctx.now) }, id);
  const after = await subscriptions.get(ctx, id);
  return after && after.latest_invoice !== sub.latest_invoice ? after.latest_invoice : null;
}
