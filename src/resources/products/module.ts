// Products: /v1/products.
import { crudRoutes, withParams } from '../../http/crud.ts';
import { loadPrice } from '../prices/service.ts';
import type { ResourceModule } from '../module.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const productsModule: ResourceModule = {
  name: 'products',
  requires: ['prices'],
  objects: [
    {
      type: 'product',
      idPrefix: 'prod',
      columns: { status: "'active' | 'inactive'", ref: 'url' },
      events: { deleted: true, updated: true },
    },
    // What a deleted product's id still answers (retrieve: deleted: true).
    { type: 'deleted_product', idPrefix: null },
  ],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/products', {
      create: withParams(params.createProduct, (ctx, p) => service.createProduct(ctx, p)),
      retrieve: (ctx, id) => service.retrieveProduct(ctx, id),
      update: withParams(params.updateProduct, (ctx, p, id) => service.updateProduct(ctx, id, p)),
      del: (ctx, id) => service.deleteProduct(ctx, id),
      list: withParams(params.listProducts, (ctx, p) => service.listProducts(ctx, p)),
    });
  },
  expandable: [{ owner: 'product', path: 'default_price', load: loadPrice }],
};
