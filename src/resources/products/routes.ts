import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadPrice } from '../prices/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function productRoutes(app: FastifyInstance, deps: RouteDeps): void {
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/products',
    handler: (ctx, p) => service.createProduct(ctx, validate(params.createProduct, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/products/:id',
    handler: (ctx, p, path) => (validate({}, p), service.retrieveProduct(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/products/:id',
    handler: (ctx, p, path) => service.updateProduct(ctx, path.id, validate(params.updateProduct, p)),
  });
  addRoute(app, deps, {
    method: 'DELETE',
    url: '/v1/products/:id',
    handler: (ctx, p, path) => (validate({}, p), service.deleteProduct(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/products',
    handler: (ctx, p) => service.listProducts(ctx, validate(params.listProducts, p)),
  });
}

registerExpandable('product', 'default_price', loadPrice);
