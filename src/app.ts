// buildApp: a Fastify instance speaking Stripe's wire protocol over a store.
// No globals, nothing listens here: main.ts and the tests decide that.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { errors } from './http/errors.ts';
import { sendError } from './http/error-handler.ts';
import { clientErrorHandler, frameworkErrors } from './http/client-errors.ts';
import { parseForm } from './http/form.ts';
import { newRequestId } from './store/ids.ts';
import { systemClock, type Clock } from './http/context.ts';
import type { RouteDeps } from './http/route.ts';
import type { Store } from './store/db.ts';
import type { Config } from './config.ts';
import { DEFAULTS } from './config.ts';
import { resourceRoutes } from './resources/index.ts';
import { silentLog, type Log } from './logging/logger.ts';
import { addRequestLog } from './logging/request-log.ts';
import { FaultRules } from './faults/rules.ts';
import { addFaultHooks } from './faults/inject.ts';
import { helperRoutes } from './helpers-api/routes.ts';

export interface AppOptions {
  store: Store;
  config?: Partial<Config>;
  clock?: Clock;
  /** Request lines and the framework's warnings; none when absent. */
  log?: Log;
  /** Fault rules to apply (the server's, from --fault, and those set over /_invoicekit/faults). */
  faults?: FaultRules;
}

export interface RouteInfo {
  method: string;
  url: string;
}

const routeLists = new WeakMap<FastifyInstance, RouteInfo[]>();

/** Every route the app serves (HEAD twins left out), in registration order: the README's endpoint table. */
export function routesOf(app: FastifyInstance): RouteInfo[] {
  return routeLists.get(app) ?? [];
}

export function buildApp(options: AppOptions): FastifyInstance {
  const config: Config = { ...DEFAULTS, ...options.config };
  const log = options.log ?? silentLog;
  const app = Fastify({
    // The framework logs only problems; request lines come from request-log.ts, one per request.
    loggerInstance: log.framework as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    return503OnClosing: true,
    clientErrorHandler,
    frameworkErrors,
    routerOptions: { maxParamLength: 5000 },
  });

  const routes: RouteInfo[] = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
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
  if (log.requests) addRequestLog(app, log);
  const faults = options.faults ?? new FaultRules();
  addFaultHooks(app, faults);
  app.setErrorHandler((err, request, reply) => sendError(request, reply, err));
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, errors.unrecognizedUrl(request.method, (request.raw.url ?? '/').split('?')[0])),
  );

  app.get('/healthz', async () => ({ status: 'ok' }));

  const deps: RouteDeps = {
    store: options.store,
    config,
    clock: options.clock ?? systemClock,
    allowedKeys: config.apiKeys ? new Set(config.apiKeys) : null,
  };
  for (const register of resourceRoutes) register(app, deps);
  helperRoutes(app, { ...deps, faults });
  return app;
}
