import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadCustomer } from '../customers/service.ts';
import { loadPaymentMethod } from '../payment-methods/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function chargeRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/charges', {
    retrieve: (ctx, id) => service.retrieveCharge(ctx, id),
    update: withParams(params.updateCharge, (ctx, p, id) => service.updateCharge(ctx, id, { description: p.description === null ? '' : p.description, metadata: p.metadata })),
    list: withParams(params.listCharges, (ctx, p) => service.listCharges(ctx, p)),
  });
}

registerExpandable('charge', 'customer', loadCustomer);
registerExpandable('charge', 'payment_method', loadPaymentMethod);
