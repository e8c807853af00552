// Charges: made by PaymentIntents or directly (direct.ts: create, capture); retrieve, update, list.
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import { loadCustomer } from '../customers/service.ts';
import { loadPaymentMethod } from '../payment-methods/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';
import * as direct from './direct.ts';
import { validate } from '../../http/params.ts';
import { addRoute } from '../../http/route.ts';

export const chargesModule: ResourceModule = {
  name: 'charges',
  requires: ['customers', 'payment-methods'],
  objects: [{ type: 'charge', idPrefix: 'ch', columns: { customer: 'customer id', invoice: 'the invoice it paid', status: 'status', ref: 'its PaymentIntent' } }],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/charges', {
      create: withParams(params.createCharge, (ctx, p) => direct.createDirectCharge(ctx, p)),
      retrieve: (ctx, id) => service.retrieveCharge(ctx, id),
      update: withParams(params.updateCharge, (ctx, p, id) =>
        service.updateCharge(ctx, id, { description: p.description === null ? '' : p.description, metadata: p.metadata }),
      ),
      list: withParams(params.listCharges, (ctx, p) => service.listCharges(ctx, p)),
    });
    addRoute(app, deps, { method: 'POST', url: '/v1/charges/:id/capture', handler: (ctx, p, path) => direct.captureCharge(ctx, path.id, validate(params.captureCharge, p)) });
  },
  expandable: [
    { owner: 'charge', path: 'customer', load: loadCustomer },
    { owner: 'charge', path: 'payment_method', load: loadPaymentMethod },
  ],
};
