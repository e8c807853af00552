import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import { registerEventSnapshot } from '../../events/record.ts';
import { withLines } from '../invoices/service.ts';
import type { Invoice } from '../invoices/model.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function eventRoutes(app: FastifyInstance, deps: RouteDeps): void {
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/events',
    handler: (ctx, p) => service.listEvents(ctx, validate(params.listEvents, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/events/:id',
    handler: (ctx, p, path) => (validate({}, p), service.retrieveEvent(ctx, path.id)),
  });
}

// An invoice in an event is the whole API object, its first page of lines included.
registerEventSnapshot('invoice', (ctx, inv) => withLines(ctx, inv as unknown as Invoice));
