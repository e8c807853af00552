// Invoices: /v1/invoices and their lines, the events of their status moves, the
// due-date watch, the invoice.overdue sweep, and automatic collection.
import { validate } from '../../http/params.ts';
import { addRoute, type Handler } from '../../http/route.ts';
import { expandable, type ResourceModule } from '../module.ts';
import { nothing } from '../../http/expand.ts';
import { loadCustomer } from '../customers/service.ts';
import { loadDiscount } from '../discounts/service.ts';
import { loadPrice } from '../prices/service.ts';
import { loadInvoiceItem } from '../invoice-items/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';
import * as actions from './actions.ts';
import * as lines from './line-edits.ts';
import { buildPreview, checkUpcoming, upcomingInvoice, upcomingLines } from './preview.ts';
import { invoiceEvents } from './events.ts';
import { watchDueDates } from './due-watch.ts';
import { overdueTimer, sweepOverdue } from './overdue.ts';
import { collectionTimer, scheduleCollection } from './collection-job.ts';
import { loadPaymentMethod } from '../payment-methods/service.ts';
import type { Invoice } from './model.ts';
import { inClockTime, loadTestClock } from '../test-clocks/time.ts';

export const invoicesModule: ResourceModule = {
  name: 'invoices',
  requires: ['customers', 'invoice-items', 'discounts', 'prices', 'tax-rates', 'coupons', 'payment-methods', 'payment-intents', 'invoice-payments', 'test-clocks'],
  objects: [
    {
      type: 'invoice',
      idPrefix: 'in',
      columns: { customer: 'customer id', status: 'status', ref: 'number', num: 'due_date', tag: 'collection_method' },
      events: { deleted: true, updated: true },
      derive: invoiceEvents,
      // An invoice in an event is the whole API object, its first page of lines included.
      // `invoice.upcoming` carries a preview, which has no id and its lines already.
      // Each state of one invoice in a unit's events shows the same (current) lines: read once.
      snapshot: async (ctx, inv, shared) => (inv.id === undefined ? inv : service.withLines(ctx, inv as unknown as Invoice, shared)),
    },
    { type: 'line_item', idPrefix: 'il', columns: { invoice: 'invoice id' } },
    // A subscription's own charge behind a line (not an API object).
    { type: 'subscription_line', idPrefix: 'sli', columns: { invoice: 'invoice id' } },
  ],
  routes(app, deps) {
    const route = (method: 'GET' | 'POST' | 'DELETE', url: string, handler: Handler, dryRun = false) =>
      // In the time of the invoice's (or the `customer` param's) test clock, if it has one (test-clocks/time.ts).
      addRoute(app, deps, { method, url, handler: inClockTime('invoice', handler), dryRun });

    route('POST', '/v1/invoices', (ctx, p) => service.createInvoice(ctx, validate(params.createInvoice, p)));
    route('POST', '/v1/invoices/create_preview', (ctx, p) => buildPreview(ctx, validate(params.createPreview, p)), true);
    // Only for clients before 2025-03-31.basil; computed in a transaction that rolls back, like create_preview.
    // Newer clients get an unrecognized URL before any parameter is looked at.
    route('GET', '/v1/invoices/upcoming', (ctx, p) => (checkUpcoming(ctx, '/v1/invoices/upcoming'), upcomingInvoice(ctx, validate(params.upcoming, p))), true);
    route('GET', '/v1/invoices/upcoming/lines', (ctx, p) =>
      (checkUpcoming(ctx, '/v1/invoices/upcoming/lines'), upcomingLines(ctx, validate(params.upcomingLines, p))), true);
    route('GET', '/v1/invoices', (ctx, p) => service.listInvoices(ctx, validate(params.listInvoices, p)));
    route('GET', '/v1/invoices/:id', (ctx, p, path) => (validate({}, p), service.retrieveInvoice(ctx, path.id)));
    route('POST', '/v1/invoices/:id', (ctx, p, path) => service.updateInvoice(ctx, path.id, validate(params.updateInvoice, p)));
    route('DELETE', '/v1/invoices/:id', (ctx, p, path) => (validate({}, p), service.deleteInvoice(ctx, path.id)));
    route('POST', '/v1/invoices/:id/finalize', (ctx, p, path) =>
      actions.finalizeInvoice(ctx, path.id, validate(params.finalizeInvoice, p).auto_advance),
    );
    route('POST', '/v1/invoices/:id/pay', (ctx, p, path) => actions.payInvoice(ctx, path.id, validate(params.payInvoice, p)));
    route('POST', '/v1/invoices/:id/send', (ctx, p, path) => (validate({}, p), actions.sendInvoice(ctx, path.id)));
    route('POST', '/v1/invoices/:id/void', (ctx, p, path) => (validate({}, p), actions.voidInvoice(ctx, path.id)));
    route('POST', '/v1/invoices/:id/mark_uncollectible', (ctx, p, path) => (validate({}, p), actions.markUncollectible(ctx, path.id)));
    route('GET', '/v1/invoices/:id/lines', (ctx, p, path) => service.listLineItems(ctx, path.id, validate(params.listLines, p)));
    route('POST', '/v1/invoices/:id/lines/:line', (ctx, p, path) =>
      lines.updateLineItem(ctx, path.id, path.line, validate(params.updateLineItem, p)),
    );
    route('POST', '/v1/invoices/:id/add_lines', (ctx, p, path) => lines.addLines(ctx, path.id, validate(params.addLines, p)));
    route('POST', '/v1/invoices/:id/remove_lines', (ctx, p, path) => lines.removeLines(ctx, path.id, validate(params.removeLines, p)));
    route('POST', '/v1/invoices/:id/update_lines', (ctx, p, path) => lines.updateLines(ctx, path.id, validate(params.updateLines, p)));
  },
  expandable: [
    { owner: 'invoice', path: 'customer', load: loadCustomer },
    { owner: 'invoice', path: 'discounts', load: loadDiscount },
    { owner: 'invoice', path: 'latest_revision', load: service.loadInvoiceObject },
    { owner: 'customer_balance_transaction', path: 'invoice', load: service.loadInvoiceObject },
    { owner: 'invoice', path: 'from_invoice.invoice', load: service.loadInvoiceObject },
    { owner: 'line_item', path: 'invoice', load: service.loadInvoiceObject },
    { owner: 'line_item', path: 'discounts', load: loadDiscount },
    { owner: 'line_item', path: 'pricing.price_details.price', load: loadPrice },
    { owner: 'line_item', path: 'parent.invoice_item_details.invoice_item', load: loadInvoiceItem },
    // Expandable in Stripe, but pointing at objects this server never has: always null here.
    ...expandable('invoice', ['application', 'default_source', 'on_behalf_of', 'account_tax_ids'], nothing),
    { owner: 'invoice', path: 'test_clock', load: loadTestClock },
    { owner: 'invoice', path: 'default_payment_method', load: loadPaymentMethod },
  ],
  afterRecord: async (ctx, all) => {
    // invoice.upcoming carries a preview (no id): nothing is due or collected for it.
    const events = all.filter((e) => e.object.id !== undefined);
    await watchDueDates(ctx, events);
    await scheduleCollection(ctx, events);
  },
  jobs: [
    { name: 'invoice.overdue sweep', everyMs: 60_000, run: (env, clock) => sweepOverdue(env, clock) },
  ],
  timers: [collectionTimer, overdueTimer],
};
