// Events: GET /v1/events and /v1/events/:id, read from the outbox.
import { addRoute } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import type { ResourceModule } from '../module.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const eventsModule: ResourceModule = {
  name: 'events',
  objects: [],
  routes(app, deps) {
    addRoute(app, deps, { method: 'GET', url: '/v1/events', handler: (ctx, p) => service.listEvents(ctx, validate(params.listEvents, p)) });
    addRoute(app, deps, {
      method: 'GET',
      url: '/v1/events/:id',
      handler: (ctx, p, path) => (validate({}, p), service.retrieveEvent(ctx, path.id)),
    });
  },
};
