import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { registerExpandable } from '../../http/expand.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function customerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/customers', {
    create: withParams(params.createCustomer, (ctx, p) => service.createCustomer(ctx, p)),
    retrieve: (ctx, id) => service.retrieveCustomer(ctx, id),
    update: withParams(params.updateCustomer, (ctx, p, id) => service.updateCustomer(ctx, id, p)),
    del: (ctx, id) => service.deleteCustomer(ctx, id),
    list: withParams(params.listCustomers, (ctx, p) => service.listCustomers(ctx, p)),
  });
  addRoute(app, deps, {
    method: 'DELETE',
    url: '/v1/customers/:id/discount',
    handler: (ctx, p, path) => (validate({}, p), service.deleteCustomerDiscount(ctx, path.id)),
  });
}

registerExpandable('invoiceitem', 'customer', service.loadCustomer);
