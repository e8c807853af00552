import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function webhookEndpointRoutes(app: FastifyInstance, deps: RouteDeps): void {
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/webhook_endpoints',
    handler: (ctx, p) => service.createEndpoint(ctx, validate(params.createEndpoint, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/webhook_endpoints',
    handler: (ctx, p) => service.listEndpoints(ctx, validate(params.listEndpoints, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/webhook_endpoints/:id',
    handler: (ctx, p, path) => (validate({}, p), service.retrieveEndpoint(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/webhook_endpoints/:id',
    handler: (ctx, p, path) => service.updateEndpoint(ctx, path.id, validate(params.updateEndpoint, p)),
  });
  addRoute(app, deps, {
    method: 'DELETE',
    url: '/v1/webhook_endpoints/:id',
    handler: (ctx, p, path) => (validate({}, p), service.deleteEndpoint(ctx, path.id)),
  });
}
