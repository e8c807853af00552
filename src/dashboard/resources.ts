// What the dashboard lists and shows of each resource, all through the resources' own list and
// retrieve services (the same keyset pages the API serves: `starting_after`/`ending_before`
// over indexed columns, so a page costs the same on an account with 100,000 invoices).
// Searches use only what those services filter on by index: an id, an invoice number, a
// customer's email, an event type.
import type { Ctx } from '../http/context.ts';
import type { PageParams } from '../http/list.ts';
import type { StoredAnswer } from '../http/stored-answer.ts';
import { listPage } from '../http/list.ts';
import { html, type Html } from '../pages/html.ts';
import { formatDate, formatMoney } from '../pages/money.ts';
import { listCustomers, retrieveCustomer } from '../resources/customers/service.ts';
import { listInvoices, retrieveInvoice } from '../resources/invoices/service.ts';
import { invoices } from '../resources/invoices/repository.ts';
import { listInvoiceItems, retrieveInvoiceItem } from '../resources/invoice-items/service.ts';
import { listCreditNotes, retrieveCreditNote } from '../resources/credit-notes/service.ts';
import { listProducts, retrieveProduct } from '../resources/products/service.ts';
import { listPrices, retrievePrice } from '../resources/prices/service.ts';
import { listCoupons, retrieveCoupon } from '../resources/coupons/service.ts';
import { listTaxRates, retrieveTaxRate } from '../resources/tax-rates/service.ts';
import { listEvents, retrieveEvent } from '../resources/events/service.ts';
import { listEndpoints, retrieveEndpoint } from '../resources/webhook-endpoints/service.ts';
import { INVOICE_STATUSES } from '../billing/invoice-status.ts';
import { listPaymentIntents, retrievePaymentIntent } from '../resources/payment-intents/service.ts';
import { listCharges, retrieveCharge } from '../resources/charges/service.ts';
import { listRefunds, retrieveRefund } from '../resources/refunds/service.ts';
import { listPaymentMethods, retrievePaymentMethod } from '../resources/payment-methods/service.ts';
import { listSubscriptions, retrieveSubscription } from '../resources/subscriptions/service.ts';
import { listTestClocks, retrieveTestClock } from '../resources/test-clocks/service.ts';

type Obj = Record<string, any>;

export interface Column {
  label: string;
  cell: (o: Obj) => Html | string | number | null;
  num?: boolean;
}

export interface ListResult {
  data: Obj[];
  has_more: boolean;
}

export interface Filters {
  q?: string;
  status?: string;
}

export interface ResourceDef {
  path: string;
  title: string;
  /** Id prefixes a search box entry is taken as an id for. */
  idPrefixes: string[];
  searchHint: string;
  statuses?: readonly string[];
  /** The resource's own list and retrieve services (an answer as stored text is parsed by routes.ts). */
  list(ctx: Ctx, page: PageParams, f: Filters): Promise<ListResult | StoredAnswer>;
  retrieve(ctx: Ctx, id: string): Promise<Obj | StoredAnswer>;
  columns: Column[];
}

export const link = (path: string, id: string, label?: string | null) => html`<a href="/dashboard/${path}/${encodeURIComponent(id)}">${label || id}</a>`;
const date = (unix: number | null | undefined) => formatDate(unix) ?? '';
const money = (amount: number | null | undefined, currency: string | null | undefined) =>
  amount === null || amount === undefined || !currency ? '' : formatMoney(amount, currency);

const SUBSCRIPTION_STATUSES = ['all', 'active', 'trialing', 'past_due', 'unpaid', 'incomplete', 'incomplete_expired', 'paused', 'canceled', 'ended'] as const;

const pageOf = (p: PageParams) => ({ limit: p.limit, starting_after: p.starting_after, ending_before: p.ending_before });

export const RESOURCES: ResourceDef[] = [
  {
    path: 'customers',
    title: 'Customers',
    idPrefixes: ['cus_'],
    searchHint: 'Customer id or exact email',
    list: (ctx, p, f) => listCustomers(ctx, { ...pageOf(p), email: f.q?.includes('@') ? f.q : undefined }),
    retrieve: (ctx, id) => retrieveCustomer(ctx, id),
    columns: [
      { label: 'Name', cell: (c) => link('customers', c.id, c.name ?? c.id) },
      { label: 'Email', cell: (c) => c.email },
      { label: 'Id', cell: (c) => c.id },
      { label: 'Created', cell: (c) => date(c.created) },
    ],
  },
  {
    path: 'invoices',
    title: 'Invoices',
    idPrefixes: ['in_'],
    searchHint: 'Invoice number (ABCD1234-0001) or id',
    statuses: INVOICE_STATUSES,
    list: async (ctx, p, f) => {
      const status = f.status && (INVOICE_STATUSES as readonly string[]).includes(f.status) ? (f.status as (typeof INVOICE_STATUSES)[number]) : undefined;
      // A number is the invoice's indexed `ref` column: the list's own keyset paging, filtered.
      if (f.q) return listPage(ctx, invoices, '/v1/invoices', pageOf(p), { where: { ref: f.q, status } });
      return listInvoices(ctx, { ...pageOf(p), status });
    },
    retrieve: (ctx, id) => retrieveInvoice(ctx, id),
    columns: [
      { label: 'Number', cell: (i) => link('invoices', i.id, i.number ?? `${i.id} (draft)`) },
      { label: 'Customer', cell: (i) => i.customer_name ?? i.customer_email ?? i.customer },
      { label: 'Status', cell: (i) => html`<span class="badge ${i.status}">${i.status}</span>` },
      { label: 'Total', cell: (i) => money(i.total, i.currency), num: true },
      { label: 'Due', cell: (i) => money(i.amount_remaining, i.currency), num: true },
      { label: 'Created', cell: (i) => date(i.created) },
    ],
  },
  {
    path: 'credit_notes',
    title: 'Credit notes',
    idPrefixes: ['cn_'],
    searchHint: 'Credit note id, or an invoice id for its notes',
    list: (ctx, p, f) => listCreditNotes(ctx, { ...pageOf(p), invoice: f.q?.startsWith('in_') ? f.q : undefined }),
    retrieve: (ctx, id) => retrieveCreditNote(ctx, id),
    columns: [
      { label: 'Number', cell: (n) => link('credit_notes', n.id, n.number) },
      { label: 'Invoice', cell: (n) => link('invoices', n.invoice) },
      { label: 'Status', cell: (n) => html`<span class="badge ${n.status}">${n.status}</span>` },
      { label: 'Amount', cell: (n) => money(n.amount, n.currency), num: true },
      { label: 'Type', cell: (n) => n.type },
      { label: 'Created', cell: (n) => date(n.created) },
    ],
  },
  {
    path: 'subscriptions',
    title: 'Subscriptions',
    idPrefixes: ['sub_'],
    searchHint: 'Subscription id, a customer id or a test clock id for theirs',
    statuses: SUBSCRIPTION_STATUSES,
    list: (ctx, p, f) => {
      const status = f.status && (SUBSCRIPTION_STATUSES as readonly string[]).includes(f.status) ? (f.status as (typeof SUBSCRIPTION_STATUSES)[number]) : 'all';
      // Those on a test clock are listed by their customer or clock, as the API lists them.
      return listSubscriptions(ctx, { ...pageOf(p), status, customer: f.q?.startsWith('cus_') ? f.q : undefined, test_clock: f.q?.startsWith('clock_') ? f.q : undefined });
    },
    retrieve: (ctx, id) => retrieveSubscription(ctx, id),
    columns: [
      { label: 'Id', cell: (s) => link('subscriptions', s.id) },
      { label: 'Customer', cell: (s) => link('customers', s.customer) },
      { label: 'Status', cell: (s) => html`<span class="badge ${s.status}">${s.status}</span>` },
      { label: 'Items', cell: (s) => (s.items?.data ?? []).map((i: Obj) => `${i.quantity ?? 1} × ${i.price?.nickname ?? i.price?.id ?? ''}`).join(', ') },
      { label: 'Created', cell: (s) => date(s.created) },
    ],
  },
  {
    path: 'test_clocks',
    title: 'Test clocks',
    idPrefixes: ['clock_'],
    searchHint: 'Test clock id',
    list: (ctx, p) => listTestClocks(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrieveTestClock(ctx, id),
    columns: [
      { label: 'Name', cell: (c) => link('test_clocks', c.id, c.name ?? c.id) },
      { label: 'Time', cell: (c) => date(c.frozen_time) },
      { label: 'Status', cell: (c) => c.status },
      { label: 'Created', cell: (c) => date(c.created) },
    ],
  },
  {
    path: 'invoiceitems',
    title: 'Invoice items',
    idPrefixes: ['ii_'],
    searchHint: 'Invoice item id',
    list: (ctx, p) => listInvoiceItems(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrieveInvoiceItem(ctx, id),
    columns: [
      { label: 'Id', cell: (i) => link('invoiceitems', i.id) },
      { label: 'Description', cell: (i) => i.description },
      { label: 'Amount', cell: (i) => money(i.amount, i.currency), num: true },
      { label: 'Customer', cell: (i) => link('customers', i.customer) },
      { label: 'Invoice', cell: (i) => (i.invoice ? link('invoices', i.invoice) : 'pending') },
      { label: 'Date', cell: (i) => date(i.date) },
    ],
  },
  {
    path: 'payment_intents',
    title: 'Payments',
    idPrefixes: ['pi_'],
    searchHint: 'PaymentIntent id',
    list: (ctx, p) => listPaymentIntents(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrievePaymentIntent(ctx, id),
    columns: [
      { label: 'Id', cell: (o) => link('payment_intents', o.id) },
      { label: 'Amount', cell: (o) => money(o.amount, o.currency), num: true },
      { label: 'Status', cell: (o) => o.status },
      { label: 'Customer', cell: (o) => (o.customer ? link('customers', o.customer) : '') },
      { label: 'Created', cell: (o) => date(o.created) },
    ],
  },
  {
    path: 'charges',
    title: 'Charges',
    idPrefixes: ['ch_'],
    searchHint: 'Charge id',
    list: (ctx, p) => listCharges(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrieveCharge(ctx, id),
    columns: [
      { label: 'Id', cell: (o) => link('charges', o.id) },
      { label: 'Amount', cell: (o) => money(o.amount, o.currency), num: true },
      { label: 'Refunded', cell: (o) => money(o.amount_refunded, o.currency), num: true },
      { label: 'Status', cell: (o) => (o.status === 'failed' ? `failed: ${o.failure_code}` : o.captured ? o.status : 'uncaptured') },
      { label: 'Card', cell: (o) => (o.payment_method_details?.card ? `${o.payment_method_details.card.brand} •••• ${o.payment_method_details.card.last4}` : '') },
      { label: 'Created', cell: (o) => date(o.created) },
    ],
  },
  {
    path: 'refunds',
    title: 'Refunds',
    idPrefixes: ['re_'],
    searchHint: 'Refund id',
    list: (ctx, p) => listRefunds(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrieveRefund(ctx, id),
    columns: [
      { label: 'Id', cell: (o) => link('refunds', o.id) },
      { label: 'Amount', cell: (o) => money(o.amount, o.currency), num: true },
      { label: 'Status', cell: (o) => o.status },
      { label: 'Charge', cell: (o) => link('charges', o.charge) },
      { label: 'Created', cell: (o) => date(o.created) },
    ],
  },
  {
    path: 'payment_methods',
    title: 'Payment methods',
    idPrefixes: ['pm_'],
    searchHint: 'PaymentMethod id',
    list: (ctx, p) => listPaymentMethods(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrievePaymentMethod(ctx, id),
    columns: [
      { label: 'Id', cell: (o) => link('payment_methods', o.id) },
      { label: 'Card', cell: (o) => `${o.card.brand} •••• ${o.card.last4}` },
      { label: 'Customer', cell: (o) => (o.customer ? link('customers', o.customer) : '') },
      { label: 'Created', cell: (o) => date(o.created) },
    ],
  },
  {
    path: 'products',
    title: 'Products',
    idPrefixes: ['prod_'],
    searchHint: 'Product id',
    list: (ctx, p) => listProducts(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrieveProduct(ctx, id),
    columns: [
      { label: 'Name', cell: (o) => link('products', o.id, o.name) },
      { label: 'Id', cell: (o) => o.id },
      { label: 'Active', cell: (o) => (o.active ? 'yes' : 'no') },
      { label: 'Created', cell: (o) => date(o.created) },
    ],
  },
  {
    path: 'prices',
    title: 'Prices',
    idPrefixes: ['price_'],
    searchHint: 'Price id',
    list: (ctx, p) => listPrices(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrievePrice(ctx, id),
    columns: [
      { label: 'Id', cell: (o) => link('prices', o.id) },
      { label: 'Product', cell: (o) => link('products', typeof o.product === 'string' ? o.product : o.product?.id) },
      { label: 'Unit amount', cell: (o) => money(o.unit_amount, o.currency), num: true },
      { label: 'Type', cell: (o) => (o.recurring ? `every ${o.recurring.interval_count} ${o.recurring.interval}` : 'one time') },
      { label: 'Active', cell: (o) => (o.active ? 'yes' : 'no') },
    ],
  },
  {
    path: 'coupons',
    title: 'Coupons',
    idPrefixes: [''],
    searchHint: 'Coupon id',
    list: (ctx, p) => listCoupons(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrieveCoupon(ctx, id),
    columns: [
      { label: 'Id', cell: (o) => link('coupons', o.id) },
      { label: 'Name', cell: (o) => o.name },
      { label: 'Off', cell: (o) => (o.percent_off !== null ? `${o.percent_off}%` : money(o.amount_off, o.currency)) },
      { label: 'Duration', cell: (o) => o.duration },
      { label: 'Redeemed', cell: (o) => o.times_redeemed, num: true },
    ],
  },
  {
    path: 'tax_rates',
    title: 'Tax rates',
    idPrefixes: ['txr_'],
    searchHint: 'Tax rate id',
    list: (ctx, p) => listTaxRates(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrieveTaxRate(ctx, id),
    columns: [
      { label: 'Name', cell: (o) => link('tax_rates', o.id, o.display_name) },
      { label: 'Rate', cell: (o) => `${o.percentage}%${o.inclusive ? ' incl.' : ''}` },
      { label: 'Jurisdiction', cell: (o) => o.jurisdiction },
      { label: 'Active', cell: (o) => (o.active ? 'yes' : 'no') },
    ],
  },
  {
    path: 'events',
    title: 'Events',
    idPrefixes: ['evt_'],
    searchHint: 'Event id or type (invoice.finalized, invoice.*)',
    list: (ctx, p, f) => listEvents(ctx, { ...pageOf(p), type: f.q || undefined }),
    retrieve: (ctx, id) => retrieveEvent(ctx, id),
    columns: [
      { label: 'Id', cell: (e) => link('events', e.id) },
      { label: 'Type', cell: (e) => e.type },
      { label: 'Created', cell: (e) => (e.created ? new Date(e.created * 1000).toISOString().replace('T', ' ').slice(0, 19) : '') },
    ],
  },
  {
    path: 'webhook_endpoints',
    title: 'Webhook endpoints',
    idPrefixes: ['we_'],
    searchHint: 'Endpoint id',
    list: (ctx, p) => listEndpoints(ctx, pageOf(p)),
    retrieve: (ctx, id) => retrieveEndpoint(ctx, id),
    columns: [
      { label: 'URL', cell: (o) => link('webhook_endpoints', o.id, o.url) },
      { label: 'Status', cell: (o) => o.status },
      { label: 'Events', cell: (o) => (o.enabled_events ?? []).join(', ') },
    ],
  },
];

export const resourceAt = (path: string): ResourceDef | undefined => RESOURCES.find((r) => r.path === path);

/** A search box entry that is an id of this resource (coupons take any id). */
export function looksLikeId(def: ResourceDef, q: string): boolean {
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(q)) return false;
  if (def.idPrefixes.includes('')) return true;
  return def.idPrefixes.some((p) => q.startsWith(p));
}
