// Subscription items: /v1/subscription_items, changes of their subscription's items.
import { crudRoutes, withParams } from '../../http/crud.ts';
import { validate } from '../../http/params.ts';
import { addRoute } from '../../http/route.ts';
import type { ResourceModule } from '../module.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const subscriptionItemsModule: ResourceModule = {
  name: 'subscription-items',
  requires: ['subscriptions', 'test-clocks'],
  objects: [],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/subscription_items', {
      create: withParams(params.createSubscriptionItem, (ctx, p) => service.createSubscriptionItem(ctx, p)),
      retrieve: (ctx, id) => service.retrieveSubscriptionItem(ctx, id),
      update: withParams(params.updateSubscriptionItem, (ctx, p, id) => service.updateSubscriptionItem(ctx, id, p)),
      list: withParams(params.listSubscriptionItems, (ctx, p) => service.listSubscriptionItems(ctx, p)),
    });
    // DELETE takes proration params, which crudRoutes' delete does not.
    addRoute(app, deps, {
      method: 'DELETE',
      url: '/v1/subscription_items/:id',
      handler: (ctx, p, path) => service.deleteSubscriptionItem(ctx, path.id, validate(params.deleteSubscriptionItem, p)),
    });
  },
};
