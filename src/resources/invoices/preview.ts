// create_preview: the invoice the customer would get next, from their pending
// items plus any `invoice_items` given, computed exactly like a real draft
// and thrown away (the whole request runs in a transaction that rolls back).
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { customerRef } from '../customers/service.ts';
import { createInvoiceItem, itemsWhere, updateInvoiceItem } from '../invoice-items/service.ts';
import { batchRefresh } from './attach.ts';
import { createInvoice, loadInvoice } from './service.ts';
import { atLine, toItemParams } from './line-edits.ts';
import type { Invoice } from './model.ts';
import type { CreatePreview, Upcoming, UpcomingLines } from './params.ts';
import type { LineItem } from './model.ts';
import { loadLines } from './lines.ts';
import type { ListEnvelope } from '../../http/list.ts';
import { getObject } from '../../store/objects.ts';
import { inObjectTime } from '../test-clocks/time.ts';
import { previewSubscriptionInvoice, type PreviewedInvoice } from '../subscriptions/preview.ts';

/**
 * A subscription's next invoice, with any `subscription_details` change applied (or a new
 * subscription's first invoice): resources/subscriptions/preview.ts makes it as a draft inside
 * this request's rolled-back transaction, in the subscription's (or customer's) clock time.
 */
async function subscriptionPreview(base: Ctx, p: CreatePreview): Promise<PreviewedInvoice> {
  let ctx = base;
  let customer = p.customer;
  if (p.subscription !== undefined) {
    const sub = await getObject<{ id: string; customer: string }>(ctx.db, ctx.account, 'subscription', p.subscription);
    if (!sub) throw errors.resourceMissing('subscription', p.subscription, 'subscription');
    if (p.customer !== undefined && p.customer !== sub.customer)
      throw errors.invalidRequest(`The subscription ${sub.id} does not belong to customer ${p.customer}.`, 'customer');
    customer = sub.customer;
    ctx = await inObjectTime(ctx, 'subscription', sub.id);
  } else if (customer === undefined) throw errors.missingParam('customer');
  else await customerRef(ctx, customer);
  if (p.invoice_items !== undefined) throw errors.notSupported('`invoice_items` with a subscription in a preview', 'invoice_items');
  const previewed = await previewSubscriptionInvoice(ctx, { subscription: p.subscription, customer, details: p.subscription_details ?? {} });
  if (previewed === null) throw errors.noUpcomingInvoice(customer!);
  const inv = previewed.invoice;
  // "Only set for upcoming invoices that preview prorations. The time used to calculate prorations."
  const prorates = previewed.lines.some((l) => l.parent.subscription_item_details?.proration || l.parent.invoice_item_details?.proration);
  if (prorates && p.subscription !== undefined && inv.parent?.subscription_details)
    inv.parent.subscription_details.subscription_proration_date = p.subscription_details?.proration_date ?? ctx.now;
  return previewed;
}

/** The preview (a draft inside the request's rolled-back transaction, or made in memory), with all its lines. */
async function previewDraft(ctx: Ctx, p: CreatePreview): Promise<PreviewedInvoice> {
  if (p.subscription !== undefined || p.subscription_details?.items !== undefined) return subscriptionPreview(ctx, p);
  if (p.customer === undefined) {
    if (p.customer_account !== undefined) throw errors.resourceMissing('account', p.customer_account, 'customer_account');
    throw errors.missingParam('customer');
  }
  // Schedules do not exist here: naming one is naming something that cannot be found.
  if (p.schedule !== undefined) throw errors.resourceMissing('subscription_schedule', p.schedule, 'schedule');
  const customer = await customerRef(ctx, p.customer);
  const currency = p.currency ?? customer.currency ?? 'usd';
  const draft = await createInvoice(ctx, { customer: customer.id, currency, discounts: p.discounts, pending_invoice_items_behavior: 'include' });
  await batchRefresh(ctx, async () => {
    for (const [i, it] of (p.invoice_items ?? []).entries()) {
      const { invoiceitem, tax_rates, price_data, currency: itemCurrency, tax_behavior: _tb, tax_code: _tc, unit_amount_decimal, ...rest } = it;
      await atLine(`invoice_items[${i}]`, async () => {
        const edit = await toItemParams(ctx, { ...rest, price_data });
        if (invoiceitem !== undefined) {
          // Stripe: "the ID of the invoice item to update in preview"; only this customer's pending items are in it.
          const pending = (await itemsWhere(ctx, { invoice: draft.id })).find((x) => x.id === invoiceitem);
          if (!pending) throw errors.resourceMissing('invoiceitem', invoiceitem, 'invoiceitem');
          await updateInvoiceItem(ctx, pending.id, { ...edit, unit_amount_decimal, tax_rates });
          return;
        }
        await createInvoiceItem(ctx, {
          ...edit,
          unit_amount_decimal,
          tax_rates: tax_rates ?? undefined,
          discounts: edit.discounts ?? undefined,
          customer: customer.id,
          invoice: draft.id,
          currency: price_data || rest.pricing ? undefined : (itemCurrency ?? currency),
        });
      });
    }
  });
  const lines = (await loadLines(ctx, draft.id)).map(({ line }) => line);
  // Nothing would be invoiced: Stripe answers that there is no upcoming invoice.
  if (lines.length === 0) throw errors.noUpcomingInvoice(customer.id);
  return { invoice: await loadInvoice(ctx, draft.id), lines };
}

/** Previews are not objects: their lines are il_tmp_..., after the invoice item they show (stable across calls). */
const tmpLineId = (id: string) => `il_tmp_${id.slice(id.indexOf('_') + 1)}`;

function asPreviewLine(line: LineItem, invoice: string | null): LineItem {
  return { ...line, id: tmpLineId(line.id), invoice };
}

const LINES_PAGE = 10;

/** The preview as an endpoint shows an invoice: its first page of lines (with temporary ids, on invoice `invoiceId`). */
export function withFirstPage(inv: Invoice, lines: LineItem[], invoiceId: string | null, url: string): Invoice {
  const page: ListEnvelope<LineItem> = { object: 'list', data: lines.slice(0, LINES_PAGE).map((l) => asPreviewLine(l, invoiceId)), has_more: lines.length > LINES_PAGE, url };
  return { ...inv, lines: page };
}

export async function buildPreview(ctx: Ctx, p: CreatePreview): Promise<Invoice> {
  // Since 2025-03-31.basil a preview names what to preview; older versions preview the pending items alone.
  const named = p.invoice_items !== undefined || p.subscription !== undefined || p.schedule !== undefined || p.subscription_details?.items !== undefined;
  if (p.customer !== undefined && !named && ctx.hints?.previewPendingAlone !== true) throw errors.oneOfRequired(['invoice_items', 'schedule', 'subscription']);
  const { invoice, lines } = await previewDraft(ctx, p);
  // Stripe names a preview upcoming_in_...
  const id = `upcoming_in_${invoice.id.slice(3)}`;
  return { ...withFirstPage(invoice, lines, id, `/v1/invoices/${id}/lines`), id, billing_reason: 'upcoming', webhooks_delivered_at: null } as Invoice;
}

/** Only clients before 2025-03-31.basil have the upcoming endpoints (versions/changes/2025-03-31-upcoming-invoice.ts). */
export function checkUpcoming(ctx: Ctx, url: string): void {
  if (ctx.hints?.upcomingInvoice !== true) throw errors.unrecognizedUrl('GET', url);
}

const upcomingLinesUrl = (customer: string) => `/v1/invoices/upcoming/lines?customer=${encodeURIComponent(customer)}`;

/** GET /v1/invoices/upcoming: the preview, which (not being an object) has no id. */
export async function upcomingInvoice(ctx: Ctx, p: Upcoming): Promise<Invoice> {
  const previewed = await previewDraft(ctx, p);
  const inv = withFirstPage(previewed.invoice, previewed.lines, null, upcomingLinesUrl(previewed.invoice.customer as string));
  // The versions that have this endpoint count the lines (the versions layer counts them by invoice id, which this has not).
  (inv.lines as ListEnvelope<LineItem> & { total_count: number }).total_count = previewed.lines.length;
  const { id: _id, ...rest } = inv;
  return { ...rest, billing_reason: 'upcoming', webhooks_delivered_at: null } as Invoice;
}

/** GET /v1/invoices/upcoming/lines: the preview's lines, paged like any list. */
export async function upcomingLines(ctx: Ctx, p: UpcomingLines): Promise<ListEnvelope<LineItem>> {
  const { limit = 10, starting_after, ending_before, ...rest } = p;
  if (starting_after !== undefined && ending_before !== undefined) throw errors.bothCursors();
  const { invoice: inv, lines } = await previewDraft(ctx, rest);
  const all = lines.map((line) => asPreviewLine(line, null));
  let from = 0;
  let to = all.length;
  const cursor = starting_after ?? ending_before;
  if (cursor !== undefined) {
    const at = all.findIndex((l) => l.id === cursor);
    const param = starting_after !== undefined ? 'starting_after' : 'ending_before';
    if (at < 0) throw errors.resourceMissing('line_item', cursor, param);
    if (starting_after !== undefined) from = at + 1;
    else to = at;
  }
  const data = ending_before !== undefined ? all.slice(Math.max(from, to - limit), to) : all.slice(from, from + limit);
  const has_more = ending_before !== undefined ? to - limit > from : from + limit < to;
  return { object: 'list', data, has_more, url: upcomingLinesUrl(inv.customer as string) };
}

