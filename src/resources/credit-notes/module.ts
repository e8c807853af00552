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
import * as params from './params.ts';
import * as service from './service.ts';

export const creditNotesModule: ResourceModule = {
  name: 'credit-notes',
  requires: ['invoices', 'customers', 'refunds', 'charges', 'tax-rates'],
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
      handler: (ctx, p) => service.previewCreditNote(ctx, validate(params.createCreditNote, p)),
    });
    addRoute(app, deps, {
      method: 'GET',
      url: '/v1/credit_notes/preview/lines',
      dryRun: true,
      handler: (ctx, p) => service.previewCreditNoteLines(ctx, validate(params.previewLines, p)),
    });
    crudRoutes(app, deps, '/v1/credit_notes', {
      create: withParams(params.createCreditNote, (ctx, p) => service.createCreditNote(ctx, p)),
      retrieve: (ctx, id) => service.retrieveCreditNote(ctx, id),
      update: withParams(params.updateCreditNote, (ctx, p, id) => service.updateCreditNote(ctx, id, p)),
      list: withParams(params.listCreditNotes, (ctx, p) => service.listCreditNotes(ctx, p)),
    });
    addRoute(app, deps, {
      method: 'POST',
      url: '/v1/credit_notes/:id/void',
      handler: (ctx, p, path) => (validate({}, p), service.voidCreditNote(ctx, path.id)),
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
