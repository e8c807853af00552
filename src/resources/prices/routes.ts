import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadProduct } from '../products/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

// Stripe has no DELETE /v1/prices/:id: it answers "Unrecognized request URL".
export function priceRoutes(app: FastifyInstance, deps: RouteDeps): void {
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/prices',
    handler: (ctx, p) => service.createPrice(ctx, validate(params.createPrice, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/prices/:id',
    handler: (ctx, p, path) => (validate({}, p), service.retrievePrice(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/prices/:id',
    handler: (ctx, p, path) => service.updatePrice(ctx, path.id, validate(params.updatePrice, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/prices',
    handler: (ctx, p) => service.listPrices(ctx, validate(params.listPrices, p)),
  });
}

registerExpandable('price', 'product', loadProduct);
