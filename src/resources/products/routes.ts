import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadPrice } from '../prices/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function productRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/products', {
    create: withParams(params.createProduct, (ctx, p) => service.createProduct(ctx, p)),
    retrieve: (ctx, id) => service.retrieveProduct(ctx, id),
    update: withParams(params.updateProduct, (ctx, p, id) => service.updateProduct(ctx, id, p)),
    del: (ctx, id) => service.deleteProduct(ctx, id),
    list: withParams(params.listProducts, (ctx, p) => service.listProducts(ctx, p)),
  });
}

registerExpandable('product', 'default_price', loadPrice);
