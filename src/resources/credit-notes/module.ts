// Credit notes: /v1/credit_notes (create, preview, retrieve, update, list, void, lines).
import { validate } from '../../http/params.ts';
import { addRoute } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import { loadInvoiceObject } from '../invoices/service.ts';
import { loadCustomer } from '../customers/service.ts';
import { loadBalanceTransaction } from '../customers/balance-transactions.ts';
import { loadRefund } from '../refunds/service.ts';
import { loadTaxRate } from '../tax-rates/service.ts';
import { creditNoteEvents } from './events.ts';
import { inClockTime, inObjectTime } from '../test-clocks/time.ts';
import type { Ctx } from '../../http/context.ts';
import * as params from './params.ts';

/** A note is made in the time of its invoice's test clock, if it has one (test-clocks/time.ts). */
const invoiceTime = (ctx: Ctx, invoice: unknown) => (typeof invoice === 'string' ? inObjectTime(ctx, 'invoice', invoice) : Promise.resolve(ctx));
import * as service from './service.ts';

export const creditNotesModule: ResourceModule = {
  name: 'credit-notes',
  requires: ['invoices', 'customers', 'refunds', 'charges', 'tax-rates', 'test-clocks'],
  objects: [
    {
      type: 'credit_note',
      idPrefix: 'cn',
      columns: { invoice: 'the invoice', customer: 'the customer', status: 'issued or void' },
      events: { deleted: false, updated: true },
      derive: creditNoteEvents,
    },
    {
      type: 'credit_note_line_item',
      idPrefix: 'cnli',
      columns: { ref: 'its credit note', invoice: "its note's invoice", status: "its note's status" },
    },
  ],
  routes(app, deps) {
    // Before the `/:id` routes, so `preview` is not read as an id.
    addRoute(app, deps, {
      method: 'GET',
      url: '/v1/credit_notes/preview',
      dryRun: true,
      handler: async (ctx, p) => service.previewCreditNote(await invoiceTime(ctx, p.invoice), validate(params.createCreditNote, p)),
    });
    addRoute(app, deps, {
      method: 'GET',
      url: '/v1/credit_notes/preview/lines',
      dryRun: true,
      handler: async (ctx, p) => service.previewCreditNoteLines(await invoiceTime(ctx, p.invoice), validate(params.previewLines, p)),
    });
    crudRoutes(app, deps, '/v1/credit_notes', {
      create: withParams(params.createCreditNote, async (ctx, p) => service.createCreditNote(await invoiceTime(ctx, p.invoice), p)),
      retrieve: (ctx, id) => service.retrieveCreditNote(ctx, id),
      update: withParams(params.updateCreditNote, (ctx, p, id) => service.updateCreditNote(ctx, id, p)),
      list: withParams(params.listCreditNotes, (ctx, p) => service.listCreditNotes(ctx, p)),
    });
    addRoute(app, deps, {
      method: 'POST',
      url: '/v1/credit_notes/:id/void',
      handler: inClockTime('credit_note', (ctx, p, path) => (validate({}, p), service.voidCreditNote(ctx, path.id))),
    });
    addRoute(app, deps, {
      method: 'GET',
      url: '/v1/credit_notes/:id/lines',
      handler: (ctx, p, path) => service.listCreditNoteLines(ctx, path.id, validate(params.listLines, p)),
    });
  },
  expandable: [
    { owner: 'credit_note', path: 'invoice', load: loadInvoiceObject },
    { owner: 'credit_note', path: 'customer', load: loadCustomer },
    { owner: 'credit_note', path: 'customer_balance_transaction', load: loadBalanceTransaction },
    { owner: 'credit_note', path: 'refunds.refund', load: loadRefund },
    { owner: 'customer_balance_transaction', path: 'credit_note', load: service.loadCreditNote },
  ],
};
