// Webhook endpoints: /v1/webhook_endpoints. Delivery itself is events/ (the mechanism).
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const webhookEndpointsModule: ResourceModule = {
  name: 'webhook-endpoints',
  objects: [{ type: 'webhook_endpoint', idPrefix: 'we', columns: { status: "'enabled' | 'disabled'" } }],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/webhook_endpoints', {
      create: withParams(params.createEndpoint, (ctx, p) => service.createEndpoint(ctx, p)),
      retrieve: (ctx, id) => service.retrieveEndpoint(ctx, id),
      update: withParams(params.updateEndpoint, (ctx, p, id) => service.updateEndpoint(ctx, id, p)),
      del: (ctx, id) => service.deleteEndpoint(ctx, id),
      list: withParams(params.listEndpoints, (ctx, p) => service.listEndpoints(ctx, p)),
    });
  },
};
