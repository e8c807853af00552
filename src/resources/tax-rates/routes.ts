import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import * as params from './params.ts';
import * as service from './service.ts';

// Stripe has no DELETE /v1/tax_rates/:id: it answers "Unrecognized request URL".
export function taxRateRoutes(app: FastifyInstance, deps: RouteDeps): void {
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/tax_rates',
    handler: (ctx, p) => service.createTaxRate(ctx, validate(params.createTaxRate, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/tax_rates/:id',
    handler: (ctx, p, path) => (validate({}, p), service.retrieveTaxRate(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/tax_rates/:id',
    handler: (ctx, p, path) => service.updateTaxRate(ctx, path.id, validate(params.updateTaxRate, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/tax_rates',
    handler: (ctx, p) => service.listTaxRates(ctx, validate(params.listTaxRates, p)),
  });
}
