// PaymentMethods (cards): /v1/payment_methods, attach and detach, and a customer's cards.
// Their events say what happened (attached, detached, updated): the service emits them.
import { validate } from '../../http/params.ts';
import { addRoute } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import { loadCustomer } from '../customers/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const paymentMethodsModule: ResourceModule = {
  name: 'payment-methods',
  requires: ['customers'],
  objects: [{ type: 'payment_method', idPrefix: 'pm', columns: { customer: 'the customer it is attached to', status: "'spent' once it can never be used again" } }],
  routes(app, deps) {
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
  },
  expandable: [{ owner: 'payment_method', path: 'customer', load: loadCustomer }],
};
