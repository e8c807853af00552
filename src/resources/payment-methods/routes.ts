import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadCustomer } from '../customers/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function paymentMethodRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/payment_methods', {
    create: withParams(params.createPaymentMethod, (ctx, p) => service.createPaymentMethod(ctx, p)),
    retrieve: (ctx, id) => service.retrievePaymentMethod(ctx, id),
    update: withParams(params.updatePaymentMethod, (ctx, p, id) => service.updatePaymentMethod(ctx, id, p)),
    list: withParams(params.listPaymentMethods, (ctx, p) => service.listPaymentMethods(ctx, p)),
  });
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/payment_methods/:id/attach',
    handler: (ctx, p, path) => service.attachPaymentMethod(ctx, path.id, validate(params.attachPaymentMethod, p).customer),
  });
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/payment_methods/:id/detach',
    handler: (ctx, p, path) => (validate({}, p), service.detachPaymentMethod(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/customers/:id/payment_methods',
    handler: (ctx, p, path) => service.listCustomerPaymentMethods(ctx, path.id, validate(params.listCustomerPaymentMethods, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/customers/:id/payment_methods/:pm',
    handler: (ctx, p, path) => (validate({}, p), service.retrieveCustomerPaymentMethod(ctx, path.id, path.pm)),
  });
}

registerExpandable('payment_method', 'customer', loadCustomer);
registerExpandable('customer', 'invoice_settings.default_payment_method', service.loadPaymentMethod);
registerExpandable('invoice', 'default_payment_method', service.loadPaymentMethod);
