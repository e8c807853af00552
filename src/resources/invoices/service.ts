// Invoices: create (optionally pulling the customer's pending items),
// retrieve with the first page of lines, update within what the status
// allows, list, delete drafts.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { listPage, type ListEnvelope, type PageParams } from '../../http/list.ts';
import { newId } from '../../store/ids.ts';
import { findById } from '../lookup.ts';
import { activeDiscount, customerRef, lockCustomer } from '../customers/service.ts';
import type { Customer } from '../customers/model.ts';
import { taxRateRef } from '../tax-rates/service.ts';
import { resolveDiscounts } from '../discounts/service.ts';
import { itemsWhere, saveInvoiceItem } from '../invoice-items/service.ts';
import type { TaxRateSnapshot } from '../invoice-items/model.ts';
import { toAddress } from '../shared-params.ts';
import { checkOwnedBy } from '../payment-methods/service.ts';
import { MAX_LINES } from './attach.ts';
import { insertLine, lineFromItem, loadLines, removeLine } from './lines.ts';
import { recompute, saveInvoice } from './totals.ts';
import { invoices, lineItems } from './repository.ts';
import { copyItemsToInvoice } from './revision.ts';
import type { Invoice, LineItem } from './model.ts';
import type { SnapshotReads } from '../../events/from-changes.ts';
import type { CreateInvoice, ListInvoices, UpdateInvoice } from './params.ts';

const DAY = 86_400;

/** The invoice with its first page of lines, as every endpoint returns it. */
export async function withLines(ctx: Ctx, inv: Invoice, shared?: SnapshotReads): Promise<Invoice> {
  const read = () => listPage(ctx, lineItems, `/v1/invoices/${inv.id}/lines`, { limit: 10 }, { where: { invoice: inv.id }, ascending: true });
  let page: Promise<ListEnvelope<LineItem>>;
  if (shared === undefined) page = read();
  else {
    const key = `lines\u0000${ctx.account}\u0000${inv.id}`;
    page = (shared.get(key) as Promise<ListEnvelope<LineItem>> | undefined) ?? read();
    shared.set(key, page);
  }
  // `internal` stays on: old API versions read it; the version renderer hides it from every response.
  return { ...inv, lines: await page };
}

/** For expand[]: the invoice with its lines, or undefined when it is gone. */
export async function loadInvoiceObject(ctx: Ctx, id: string): Promise<object | undefined> {
  const inv = await invoices.get(ctx, id);
  return inv ? withLines(ctx, inv) : undefined;
}

export async function loadInvoice(ctx: Ctx, id: string): Promise<Invoice> {
  return findById(ctx, invoices, id);
}

/**
 * The invoice in the URL, locked until the request's transaction ends (PostgreSQL; SQLite
 * runs one write transaction at a time): every change to an invoice, its lines or its items
 * takes this lock first, so concurrent requests on one invoice happen one after the other.
 * Lock order: invoice, then customer.
 */
export async function lockInvoice(ctx: Ctx, id: string): Promise<Invoice> {
  const inv = await invoices.getForUpdate(ctx, id);
  if (!inv) throw errors.resourceMissing('invoice', id, 'id', 404);
  return inv;
}

async function taxRateSnapshots(ctx: Ctx, ids: string[], param: string): Promise<TaxRateSnapshot[]> {
  const out: TaxRateSnapshot[] = [];
  for (const [i, id] of ids.entries()) out.push((await taxRateRef(ctx, id, `${param}[${i}]`)) as unknown as TaxRateSnapshot);
  return out;
}

/** Until finalization an invoice mirrors its customer's details. */
export function copyCustomerDetails(inv: Invoice, c: Customer): void {
  inv.customer_address = c.address;
  inv.customer_email = c.email;
  inv.customer_name = c.name;
  inv.customer_phone = c.phone;
  inv.customer_shipping = c.shipping ? { ...c.shipping, carrier: null, tracking_number: null } : null;
  inv.customer_tax_exempt = c.tax_exempt;
}

function checkCollection(inv: Invoice, p: { days_until_due?: number; due_date?: number }, now: number): void {
  if (inv.collection_method === 'charge_automatically') {
    if (p.days_until_due !== undefined || p.due_date !== undefined)
      throw errors.invalidRequest(
        "Invoices with collection_method 'charge_automatically' can't have a due date: days_until_due and due_date are only for collection_method 'send_invoice'.",
        p.days_until_due !== undefined ? 'days_until_due' : 'due_date',
      );
    return;
  }
  if (p.days_until_due !== undefined && p.due_date !== undefined) throw errors.onlyOneOf(['days_until_due', 'due_date']);
  if (p.due_date !== undefined && p.due_date <= now) throw errors.invalidTimestampFuture('due_date');
}

/** Shared by create and update: every field that is simply stored. */
async function applyFields(ctx: Ctx, inv: Invoice, p: CreateInvoice | UpdateInvoice): Promise<void> {
  if (p.account_tax_ids !== undefined) inv.account_tax_ids = p.account_tax_ids;
  if (p.application_fee_amount !== undefined) inv.internal.application_fee_amount = p.application_fee_amount;
  if (p.auto_advance !== undefined) inv.auto_advance = p.auto_advance;
  if (p.automatic_tax !== undefined) {
    if (p.automatic_tax.enabled) throw errors.invalidRequest('Automatic tax calculation is not available here; use tax rates instead.', 'automatic_tax[enabled]');
    inv.automatic_tax = { ...inv.automatic_tax, enabled: false };
  }
  if (p.automatically_finalizes_at !== undefined) inv.automatically_finalizes_at = p.automatically_finalizes_at;
  if (p.custom_fields !== undefined) inv.custom_fields = p.custom_fields;
  if (p.default_payment_method !== undefined)
    inv.default_payment_method = p.default_payment_method ? (await checkOwnedBy(ctx, p.default_payment_method, inv.customer, 'default_payment_method')).id : null;
  if (p.default_source) throw errors.resourceMissing('source', p.default_source, 'default_source');
  if (p.description !== undefined) inv.description = p.description || null;
  if (p.footer !== undefined) inv.footer = p.footer || null;
  if (p.issuer !== undefined) {
    if (p.issuer.type === 'account' && p.issuer.account === undefined) throw errors.missingParam('issuer[account]');
    inv.issuer = p.issuer.type === 'account' ? { type: 'account', account: p.issuer.account! } : { type: 'self' };
  }
  if (p.metadata !== undefined) inv.metadata = applyMetadata(inv.metadata, p.metadata);
  if (p.number !== undefined) inv.number = p.number || null;
  if (p.on_behalf_of !== undefined) inv.on_behalf_of = p.on_behalf_of || null;
  if (p.payment_settings !== undefined) {
    const ps = p.payment_settings;
    if (ps.default_mandate !== undefined) inv.payment_settings.default_mandate = ps.default_mandate;
    if (ps.payment_method_types !== undefined) inv.payment_settings.payment_method_types = ps.payment_method_types;
  }
  if (p.rendering !== undefined) {
    const r = p.rendering;
    inv.rendering = {
      amount_tax_display: r.amount_tax_display ?? inv.rendering?.amount_tax_display ?? null,
      pdf: r.pdf ? { page_size: r.pdf.page_size ?? null } : (inv.rendering?.pdf ?? null),
      template: r.template ?? inv.rendering?.template ?? null,
      template_version: r.template_version ?? inv.rendering?.template_version ?? null,
    };
  }
  if (p.shipping_cost) {
    // No shipping rates exist here: a rate id cannot be found, inline rate data is not built.
    if (p.shipping_cost.shipping_rate !== undefined)
      throw errors.resourceMissing('shipping_rate', p.shipping_cost.shipping_rate, 'shipping_cost[shipping_rate]');
    if (p.shipping_cost.shipping_rate_data !== undefined) throw errors.notSupported('shipping_cost[shipping_rate_data]', 'shipping_cost[shipping_rate_data]');
    throw errors.oneOfRequired(['shipping_cost[shipping_rate]', 'shipping_cost[shipping_rate_data]']);
  }
  if (p.shipping_cost === null) inv.shipping_cost = null;
  if (p.shipping_details !== undefined)
    inv.shipping_details =
      p.shipping_details === null
        ? null
        : { address: toAddress(p.shipping_details.address), carrier: null, name: p.shipping_details.name, phone: p.shipping_details.phone ?? null, tracking_number: null };
  if (p.statement_descriptor !== undefined) inv.statement_descriptor = p.statement_descriptor || null;
  if (p.transfer_data !== undefined) inv.internal.transfer_data = p.transfer_data;
  if (p.days_until_due !== undefined) inv.internal.days_until_due = p.days_until_due;
  if (p.due_date !== undefined) inv.due_date = p.due_date;
  if (p.effective_at !== undefined) inv.effective_at = p.effective_at;
  if (p.default_tax_rates !== undefined)
    inv.default_tax_rates = p.default_tax_rates === null ? [] : await taxRateSnapshots(ctx, p.default_tax_rates, 'default_tax_rates');
  if (p.discounts !== undefined)
    inv.discounts = p.discounts === null ? [] : await resolveDiscounts(ctx, p.discounts, { customer: inv.customer, invoice: inv.id });
}

export async function createInvoice(ctx: Ctx, p: CreateInvoice): Promise<Invoice> {
  if (p.from_invoice) return createRevision(ctx, p);
  if (p.customer === undefined) {
    if (p.customer_account !== undefined) throw errors.resourceMissing('account', p.customer_account, 'customer_account');
    throw errors.missingParam('customer');
  }
  const customer = await customerRef(ctx, p.customer);
  if (p.subscription !== undefined) throw errors.resourceMissing('subscription', p.subscription, 'subscription');
  const inv = blankInvoice(ctx, customer, p.currency ?? customer.currency ?? 'usd');
  inv.collection_method = p.collection_method ?? 'charge_automatically';
  checkCollection(inv, p, ctx.now);
  if (inv.collection_method === 'send_invoice' && p.days_until_due === undefined && p.due_date === undefined)
    throw errors.oneOfRequired(['days_until_due', 'due_date']);
  await applyFields(ctx, inv, p);
  // Without `discounts` an invoice inherits the customer's discount (`discounts=""` avoids it).
  const inherited = p.discounts === undefined ? activeDiscount(customer, ctx.now) : null;
  if (inherited) inv.discounts = [inherited.id];
  await invoices.insert(ctx, inv);
  if ((p.pending_invoice_items_behavior ?? 'exclude') === 'include') {
    // The customer's lock keeps two invoices from pulling in the same pending item.
    await lockCustomer(ctx, customer.id);
    // At most 250 join, the oldest ones; the rest stay pending for the next invoice (what
    // integrators see Stripe do: ParabolInc/parabol#6826). Their lines show newest first, as
    // Stripe orders pending items (stripe@23 Invoice.lines).
    // Locked: an update of a pending item racing this must not be overwritten by the copy read here.
    const all = await itemsWhere(ctx, { customer: customer.id, pending: true, currency: inv.currency }, true);
    const pending = all.slice(0, MAX_LINES).reverse();
    // Versions before 2022-08-01 default to include_and_require (versions/changes/2022-08-01-*).
    if (pending.length === 0 && ctx.hints?.requirePendingItems)
      throw errors.invalidRequest(`Nothing to invoice for customer`, undefined, 'invoice_no_customer_line_items');
    for (const item of pending) {
      item.invoice = inv.id;
      await saveInvoiceItem(ctx, item);
      // Their lines are written here, in this order; recompute appends later items after them.
      await insertLine(ctx, lineFromItem(item, inv.id));
    }
  }
  return withLines(ctx, await recompute(ctx, inv, customer.balance));
}

export function blankInvoice(ctx: Ctx, customer: Customer, currency: string): Invoice {
  const inv: Invoice = {
    id: newId('in'),
    object: 'invoice',
    account_country: 'US',
    account_name: null,
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: 'manual',
    collection_method: 'charge_automatically',
    created: ctx.now,
    currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: null,
    customer_name: null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: ctx.now,
    period_start: ctx.now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: customer.balance,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: customer.test_clock,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: ctx.now,
    internal: {},
  };
  copyCustomerDetails(inv, customer);
  return inv;
}

/** from_invoice[action]=revision: a new draft copying a finalized invoice's lines. */
async function createRevision(ctx: Ctx, p: CreateInvoice): Promise<Invoice> {
  const source = await invoices.getForUpdate(ctx, p.from_invoice!.invoice);
  if (!source) throw errors.resourceMissing('invoice', p.from_invoice!.invoice, 'from_invoice[invoice]');
  // Stripe docs (invoicing/invoice-edits): "revise a finalized invoice in open or uncollectible
  // status. You can't, however, revise an invoice in void or paid status."
  if (source.status !== 'open' && source.status !== 'uncollectible')
    throw errors.invalidRequest(
      `You can only revise an invoice in open or uncollectible status. Invoice ${source.id} is ${source.status}.`,
      'from_invoice[invoice]',
    );
  if (p.customer !== undefined && p.customer !== source.customer) throw errors.invalidRequest('A revision keeps the customer of the invoice it revises.', 'customer');
  const customer = await customerRef(ctx, source.customer);
  const inv = blankInvoice(ctx, customer, source.currency);
  inv.collection_method = p.collection_method ?? source.collection_method;
  inv.from_invoice = { action: 'revision', invoice: source.id };
  inv.default_tax_rates = source.default_tax_rates;
  inv.discounts = source.discounts;
  inv.description = source.description;
  inv.footer = source.footer;
  inv.custom_fields = source.custom_fields;
  // A revision is an invoice of its own: its links get a secret of their own when it is finalized.
  const { link_secret: _own, ...inputs } = source.internal;
  inv.internal = inputs;
  checkCollection(inv, p, ctx.now);
  await applyFields(ctx, inv, p);
  await invoices.insert(ctx, inv);
  await copyItemsToInvoice(ctx, source.id, inv.id);
  return withLines(ctx, await recompute(ctx, inv, customer.balance));
}

export async function retrieveInvoice(ctx: Ctx, id: string): Promise<Invoice> {
  return withLines(ctx, await loadInvoice(ctx, id));
}

/**
 * Once finalized, only these may change. Stripe: "monetary values, as well as collection_method,
 * become uneditable"; account_tax_ids, days_until_due and due_date are "only editable when the
 * invoice is a draft" (stripe@23 InvoiceUpdateParams); the number is frozen with the rest.
 */
const AFTER_FINALIZATION = new Set([
  'auto_advance', 'custom_fields', 'description', 'footer', 'metadata', 'rendering', 'shipping_details',
  'statement_descriptor', 'payment_settings', 'default_payment_method', 'default_source',
]);

export async function updateInvoice(ctx: Ctx, id: string, p: UpdateInvoice): Promise<Invoice> {
  const inv = await lockInvoice(ctx, id);
  if (inv.status !== 'draft') {
    const blocked = Object.keys(p).find((k) => !AFTER_FINALIZATION.has(k));
    if (blocked)
      throw errors.finalizedInvoiceNotEditable(blocked);
    if (p.auto_advance === true && inv.status !== 'open')
      throw errors.invalidRequest(`auto_advance can only be enabled on draft and open invoices. This invoice is ${inv.status}.`, 'auto_advance');
  }
  if (p.collection_method !== undefined) inv.collection_method = p.collection_method;
  checkCollection(inv, p, ctx.now);
  if (p.collection_method === 'charge_automatically') {
    inv.due_date = null;
    delete inv.internal.days_until_due;
  }
  if (inv.collection_method === 'send_invoice' && inv.due_date === null && inv.internal.days_until_due === undefined && p.days_until_due === undefined)
    throw errors.oneOfRequired(['days_until_due', 'due_date']);
  await applyFields(ctx, inv, p);
  if (inv.status !== 'draft') {
    await saveInvoice(ctx, inv);
    return withLines(ctx, inv);
  }
  const customer = await customerRef(ctx, inv.customer);
  copyCustomerDetails(inv, customer);
  return withLines(ctx, await recompute(ctx, inv, customer.balance));
}

export async function listInvoices(ctx: Ctx, p: ListInvoices): Promise<ListEnvelope<Invoice>> {
  const url = '/v1/invoices';
  if (p.customer_account !== undefined) return { object: 'list', data: [], has_more: false, url };
  const sub = p.subscription;
  const page = await listPage(ctx, invoices, url, p, {
    created: p.created,
    num: p.due_date,
    where: { customer: p.customer, status: p.status, tag: p.collection_method },
    // No column holds the subscription: its invoices are kept from the customer's (or all) pages.
    keep: sub === undefined ? undefined : (inv) => inv.parent?.subscription_details?.subscription === sub,
  });
  page.data = await Promise.all(page.data.map((inv) => withLines(ctx, inv)));
  return page;
}

export async function deleteInvoice(ctx: Ctx, id: string): Promise<{ id: string; object: 'invoice'; deleted: true }> {
  const inv = await lockInvoice(ctx, id);
  if (inv.status !== 'draft')
    throw errors.invalidRequest(`You can only delete draft invoices. This invoice is ${inv.status}; void it instead.`, undefined, 'invoice_not_editable');
  // Its items go back to pending, to be billed later (nothing the customer owes is lost).
  for (const item of await itemsWhere(ctx, { invoice: inv.id })) {
    item.invoice = null;
    await saveInvoiceItem(ctx, item);
  }
  for (const { line } of await loadLines(ctx, inv.id)) await removeLine(ctx, line.id);
  return (await invoices.delete(ctx, inv)) as { id: string; object: 'invoice'; deleted: true };
}

export async function listLineItems(ctx: Ctx, id: string, page: PageParams): Promise<ListEnvelope<LineItem>> {
  const inv = await loadInvoice(ctx, id);
  // A cursor must be one of this invoice's lines (Stripe names both in its error).
  for (const param of ['starting_after', 'ending_before'] as const) {
    const cursor = page[param];
    if (cursor === undefined || page.starting_after !== undefined && page.ending_before !== undefined) continue;
    const line = await lineItems.get(ctx, cursor);
    if (!line || line.invoice !== inv.id) throw errors.lineNotOnInvoice(inv.id, cursor, param);
  }
  return listPage(ctx, lineItems, `/v1/invoices/${inv.id}/lines`, page, { where: { invoice: inv.id }, ascending: true }, 'line_item');
}

export { DAY };

/**
 * A customer attached to a test clock after the fact (a test clock created with `customer`): its
 * invoices carry the clock from now on, so their automatic collection and due dates follow it
 * (the invoices' own events move their timers onto the clock).
 */
export async function moveInvoicesToClock(ctx: Ctx, customer: string, testClock: string): Promise<void> {
  for (const inv of await invoices.all(ctx, { customer }, true)) {
    inv.test_clock = testClock;
    await invoices.update(ctx, inv);
  }
}
