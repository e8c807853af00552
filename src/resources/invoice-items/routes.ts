import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadDiscount } from '../discounts/service.ts';
import { loadPrice } from '../prices/service.ts';
import { loadCoupon } from '../coupons/service.ts';
import { loadCustomer } from '../customers/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function invoiceItemRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/invoiceitems', {
    create: withParams(params.createInvoiceItem, (ctx, p) => service.createInvoiceItem(ctx, p)),
    retrieve: (ctx, id) => service.retrieveInvoiceItem(ctx, id),
    update: withParams(params.updateInvoiceItem, (ctx, p, id) => service.updateInvoiceItem(ctx, id, p)),
    del: (ctx, id) => service.deleteInvoiceItem(ctx, id),
    list: withParams(params.listInvoiceItems, (ctx, p) => service.listInvoiceItems(ctx, p)),
  });
}

registerExpandable('invoiceitem', 'discounts', loadDiscount);
registerExpandable('invoiceitem', 'pricing.price_details.price', loadPrice);
registerExpandable('discount', 'source.coupon', loadCoupon);
registerExpandable('discount', 'customer', loadCustomer);
