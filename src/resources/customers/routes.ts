import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import { registerExpandable } from '../../http/expand.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function customerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/customers',
    handler: (ctx, p) => service.createCustomer(ctx, validate(params.createCustomer, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/customers/:id',
    handler: (ctx, p, path) => (validate({}, p), service.retrieveCustomer(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/customers/:id',
    handler: (ctx, p, path) => service.updateCustomer(ctx, path.id, validate(params.updateCustomer, p)),
  });
  addRoute(app, deps, {
    method: 'DELETE',
    url: '/v1/customers/:id',
    handler: (ctx, p, path) => (validate({}, p), service.deleteCustomer(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/customers',
    handler: (ctx, p) => service.listCustomers(ctx, validate(params.listCustomers, p)),
  });
}

registerExpandable('invoiceitem', 'customer', service.loadCustomer);
