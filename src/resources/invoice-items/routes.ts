import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadDiscount } from '../discounts/service.ts';
import { loadPrice } from '../prices/service.ts';
import { loadCoupon } from '../coupons/service.ts';
import { loadCustomer } from '../customers/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function invoiceItemRoutes(app: FastifyInstance, deps: RouteDeps): void {
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/invoiceitems',
    handler: (ctx, p) => service.createInvoiceItem(ctx, validate(params.createInvoiceItem, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/invoiceitems/:id',
    handler: (ctx, p, path) => (validate({}, p), service.retrieveInvoiceItem(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/invoiceitems/:id',
    handler: (ctx, p, path) => service.updateInvoiceItem(ctx, path.id, validate(params.updateInvoiceItem, p)),
  });
  addRoute(app, deps, {
    method: 'DELETE',
    url: '/v1/invoiceitems/:id',
    handler: (ctx, p, path) => (validate({}, p), service.deleteInvoiceItem(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/invoiceitems',
    handler: (ctx, p) => service.listInvoiceItems(ctx, validate(params.listInvoiceItems, p)),
  });
}

registerExpandable('invoiceitem', 'discounts', loadDiscount);
registerExpandable('invoiceitem', 'pricing.price_details.price', loadPrice);
registerExpandable('discount', 'source.coupon', loadCoupon);
registerExpandable('discount', 'customer', loadCustomer);
