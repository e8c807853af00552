// Prices: /v1/prices. Stripe has no DELETE /v1/prices/:id: it answers "Unrecognized request URL".
import { crudRoutes, withParams } from '../../http/crud.ts';
import { loadProduct } from '../products/service.ts';
import type { ResourceModule } from '../module.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const pricesModule: ResourceModule = {
  name: 'prices',
  requires: ['products'],
  objects: [
    {
      type: 'price',
      idPrefix: 'price',
      columns: { status: "'active' | 'inactive' | 'inline' (made by price_data, never listed)", ref: 'product id' },
      events: { deleted: true, updated: true },
    },
  ],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/prices', {
      create: withParams(params.createPrice, (ctx, p) => service.createPrice(ctx, p)),
      retrieve: (ctx, id) => service.retrievePrice(ctx, id),
      update: withParams(params.updatePrice, (ctx, p, id) => service.updatePrice(ctx, id, p)),
      list: withParams(params.listPrices, (ctx, p) => service.listPrices(ctx, p)),
    });
  },
  expandable: [{ owner: 'price', path: 'product', load: loadProduct }],
};
