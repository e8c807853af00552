// GET/POST /_invoicekit/account: a test helper, outside Stripe's API, to see and
// change the calling key's account default API version (Stripe sets it in the
// Dashboard). Authenticated by the account's own key like any request.
import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../http/route.ts';
import { errors } from '../http/errors.ts';
import { s, validate } from '../http/params.ts';
import type { Ctx } from '../http/context.ts';
import { isKnownVersion, VERSIONS } from '../versions/registry.ts';
import { defaultVersionOf, pinDefaultVersion, setDefaultVersion } from './default-version.ts';

const update = { default_api_version: s.string({ required: true, max: 100 }) };

async function show(ctx: Ctx, deps: RouteDeps): Promise<object> {
  return {
    id: ctx.account,
    object: 'invoicekit.account',
    default_api_version: await defaultVersionOf(ctx.db, ctx.account, deps.config.apiVersion),
  };
}

export function accountRoutes(app: FastifyInstance, deps: RouteDeps): void {
  addRoute(app, deps, {
    method: 'GET',
    url: '/_invoicekit/account',
    handler: (ctx, p) => (validate({}, p), show(ctx, deps)),
  });
  addRoute(app, deps, {
    method: 'POST',
    url: '/_invoicekit/account',
    handler: async (ctx, p) => {
      const { default_api_version: v } = validate(update, p);
      if (!isKnownVersion(v))
        throw errors.invalidRequest(
          `Invalid default_api_version: ${v}. InvoiceKit answers ${VERSIONS[0]} through ${VERSIONS[VERSIONS.length - 1]} (see docs/api-versions.md).`,
          'default_api_version',
        );
      await pinDefaultVersion(ctx.db, ctx.account, deps.config.apiVersion, ctx.now);
      await setDefaultVersion(ctx.db, ctx.account, v, ctx.now);
      return show(ctx, deps);
    },
  });
}
