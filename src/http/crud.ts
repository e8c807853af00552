// The five standard routes of a Stripe resource (create, retrieve, update,
// delete, list), each validating its params before calling the service.
import type { FastifyInstance } from 'fastify';
import type { Ctx } from './context.ts';
import { validate, type InferFields } from './params.ts';
import { addRoute, type RouteDeps } from './route.ts';

interface WithParams {
  fields: unknown;
  run: (ctx: Ctx, params: any, id: string) => Promise<object>;
}

/** An operation that takes params: their schema, and what to do with the validated values. */
export function withParams<F>(fields: F, run: (ctx: Ctx, params: InferFields<F>, id: string) => Promise<object>): WithParams {
  return { fields, run };
}

type ById = (ctx: Ctx, id: string) => Promise<object>;

export interface CrudOps {
  create?: WithParams;
  retrieve?: ById;
  update?: WithParams;
  del?: ById;
  list?: WithParams;
}

export function crudRoutes(app: FastifyInstance, deps: RouteDeps, base: string, ops: CrudOps): void {
  const { create, retrieve, update, del, list } = ops;
  if (create) addRoute(app, deps, { method: 'POST', url: base, handler: (ctx, p) => create.run(ctx, validate(create.fields, p), '') });
  if (retrieve) addRoute(app, deps, { method: 'GET', url: `${base}/:id`, handler: (ctx, p, path) => (validate({}, p), retrieve(ctx, path.id)) });
  if (update)
    addRoute(app, deps, { method: 'POST', url: `${base}/:id`, handler: (ctx, p, path) => update.run(ctx, validate(update.fields, p), path.id) });
  if (del) addRoute(app, deps, { method: 'DELETE', url: `${base}/:id`, handler: (ctx, p, path) => (validate({}, p), del(ctx, path.id)) });
  if (list) addRoute(app, deps, { method: 'GET', url: base, handler: (ctx, p) => list.run(ctx, validate(list.fields, p), '') });
}
