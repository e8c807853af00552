import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import * as params from './params.ts';
import * as service from './service.ts';

// Stripe has no DELETE /v1/tax_rates/:id: it answers "Unrecognized request URL".
export function taxRateRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/tax_rates', {
    create: withParams(params.createTaxRate, (ctx, p) => service.createTaxRate(ctx, p)),
    retrieve: (ctx, id) => service.retrieveTaxRate(ctx, id),
    update: withParams(params.updateTaxRate, (ctx, p, id) => service.updateTaxRate(ctx, id, p)),
    list: withParams(params.listTaxRates, (ctx, p) => service.listTaxRates(ctx, p)),
  });
}
