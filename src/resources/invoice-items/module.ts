// Invoice items: /v1/invoiceitems. Their invoice recomputes through the invoices module's services.
import { crudRoutes, withParams } from '../../http/crud.ts';
import { inCustomerTime, inObjectTime, loadTestClock } from '../test-clocks/time.ts';
import { loadDiscount } from '../discounts/service.ts';
import { loadPrice } from '../prices/service.ts';
import { loadCustomer } from '../customers/service.ts';
import { loadInvoiceObject } from '../invoices/service.ts';
import type { ResourceModule } from '../module.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const invoiceItemsModule: ResourceModule = {
  name: 'invoice-items',
  requires: ['customers', 'discounts', 'prices', 'tax-rates', 'invoices', 'test-clocks'],
  objects: [
    {
      type: 'invoiceitem',
      idPrefix: 'ii',
      columns: { customer: 'customer id', invoice: 'invoice id; null while pending' },
      // No invoiceitem.updated: Stripe no longer documents it (stripe-node 15.0.0 removed it with the
      // other "deprecated events ... no longer part of the publicly documented Stripe API").
      events: { deleted: true, updated: false },
    },
  ],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/invoiceitems', {
      // In the time of the customer's test clock, if it has one (test-clocks/time.ts).
      create: withParams(params.createInvoiceItem, async (ctx, p) => service.createInvoiceItem(await inCustomerTime(ctx, p.customer ?? null), p)),
      retrieve: (ctx, id) => service.retrieveInvoiceItem(ctx, id),
      update: withParams(params.updateInvoiceItem, async (ctx, p, id) => service.updateInvoiceItem(await inObjectTime(ctx, 'invoiceitem', id), id, p)),
      del: async (ctx, id) => service.deleteInvoiceItem(await inObjectTime(ctx, 'invoiceitem', id), id),
      list: withParams(params.listInvoiceItems, (ctx, p) => service.listInvoiceItems(ctx, p)),
    });
  },
  expandable: [
    { owner: 'invoiceitem', path: 'discounts', load: loadDiscount },
    { owner: 'invoiceitem', path: 'pricing.price_details.price', load: loadPrice },
    { owner: 'invoiceitem', path: 'customer', load: loadCustomer },
    { owner: 'invoiceitem', path: 'invoice', load: loadInvoiceObject },
    { owner: 'invoiceitem', path: 'test_clock', load: loadTestClock },
  ],
};
