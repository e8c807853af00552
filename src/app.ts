// buildApp: a Fastify instance speaking Stripe's wire protocol over a store.
// No globals, nothing listens here: main.ts and the tests decide that.
import Fastify, { type FastifyInstance } from 'fastify';
import { errors } from './http/errors.ts';
import { handleError, sendError } from './http/error-handler.ts';
import { clientErrorHandler, frameworkErrors } from './http/client-errors.ts';
import { parseForm } from './http/form.ts';
import { newRequestId } from './store/ids.ts';
import { systemClock, type Clock } from './http/context.ts';
import type { RouteDeps } from './http/route.ts';
import type { Store } from './store/db.ts';
import type { Config } from './config.ts';
import { DEFAULTS } from './config.ts';
import type { ResourceModule } from './resources/module.ts';
import { resourceModules } from './resources/modules.ts';
import { buildRegistry } from './resources/registry.ts';
import type { WorkEnv } from './work/run.ts';

export interface AppOptions {
  store: Store;
  config?: Partial<Config>;
  clock?: Clock;
  logger?: boolean;
  /** The resource modules to serve; all of them (src/resources/modules.ts) unless told. */
  modules?: readonly ResourceModule[];
}

/** What a unit of work outside a request (a background job, a test helper) needs: the same as a request's. */
export function workEnv(
  store: Store,
  config: Pick<Config, 'apiVersion'> & Partial<Pick<Config, 'paymentRetrySchedule' | 'afterFinalRetry'>>,
  modules: readonly ResourceModule[] = resourceModules,
): WorkEnv {
  const settings = { paymentRetrySchedule: config.paymentRetrySchedule ?? DEFAULTS.paymentRetrySchedule, afterFinalRetry: config.afterFinalRetry ?? DEFAULTS.afterFinalRetry };
  return { store, events: buildRegistry(modules).events, eventVersion: config.apiVersion, config: settings };
}

export function buildApp(options: AppOptions): FastifyInstance {
  const config: Config = { ...DEFAULTS, ...options.config };
  // First: a module list missing a dependency fails here, at start, not at request time.
  const registry = buildRegistry(options.modules ?? resourceModules);
  const app = Fastify({
    // Only problems are logged: per-request info lines would cost more than the request itself.
    logger: options.logger ? { level: 'warn' } : false,
    bodyLimit: config.bodyLimit,
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    return503OnClosing: true,
    // A request (headers and body) must arrive within this long, or it is answered 408 (client-errors.ts) and
    // closed: a client that trickles bytes cannot hold a connection for ever. Fastify's default is no limit.
    requestTimeout: 60_000,
    clientErrorHandler,
    frameworkErrors,
    routerOptions: { maxParamLength: 5000 },
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addContentTypeParser('*', (req, _payload, done) => {
    done(errors.unsupportedContentType(String(req.headers['content-type'] ?? '')), undefined);
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('request-id', request.id);
  });
  app.setErrorHandler((err, request, reply) => handleError(request, reply, err, config.bodyLimit));
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, errors.unrecognizedUrl(request.method, (request.raw.url ?? '/').split('?')[0])),
  );

  // Liveness: the process answers. Readiness: it can also reach (and write) its database.
  app.get('/livez', async () => ({ status: 'ok' }));
  app.get('/healthz', async (_request, reply) => {
    const health = await options.store.health();
    if (health.ok) return { status: 'ok', database: 'ok' };
    return reply.code(503).send({ status: 'unavailable', database: 'failing', problem: health.problem });
  });

  const deps: RouteDeps = {
    work: { store: options.store, events: registry.events, eventVersion: config.apiVersion, config },
    config,
    clock: options.clock ?? systemClock,
    allowedKeys: config.apiKeys ? new Set(config.apiKeys) : null,
    loaders: registry.loaders,
  };
  registry.registerRoutes(app, deps);
  return app;
}
