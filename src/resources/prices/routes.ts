import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadProduct } from '../products/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

// Stripe has no DELETE /v1/prices/:id: it answers "Unrecognized request URL".
export function priceRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/prices', {
    create: withParams(params.createPrice, (ctx, p) => service.createPrice(ctx, p)),
    retrieve: (ctx, id) => service.retrievePrice(ctx, id),
    update: withParams(params.updatePrice, (ctx, p, id) => service.updatePrice(ctx, id, p)),
    list: withParams(params.listPrices, (ctx, p) => service.listPrices(ctx, p)),
  });
}

registerExpandable('price', 'product', loadProduct);
