// buildApp: a Fastify instance speaking Stripe's wire protocol over a store.
// No globals, nothing listens here: main.ts and the tests decide that.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
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
import { silentLog, type Log } from './logging/logger.ts';
import { addRequestLog } from './logging/request-log.ts';
import { FaultRules } from './faults/rules.ts';
import { addFaultHooks } from './faults/inject.ts';
import { helperRoutes } from './helpers-api/routes.ts';
import type { ResourceModule } from './resources/module.ts';
import { resourceModules } from './resources/modules.ts';
import { buildRegistry } from './resources/registry.ts';
import type { WorkEnv } from './work/run.ts';
import { accountRoutes } from './accounts/routes.ts';
import { publicBase } from './pages/public-base.ts';
import { pageRoutes } from './pages/routes.ts';
import { payForm } from './pages/pay-form.ts';
import { authenticateRoutes } from './pages/authenticate.ts';
import { dashboardRoutes } from './dashboard/routes.ts';

export interface AppOptions {
  store: Store;
  config?: Partial<Config>;
  clock?: Clock;
  /** Request lines and the framework's warnings; none when absent. */
  log?: Log;
  /** Fault rules to apply (the server's, from --fault, and those set over /_invoicekit/faults). */
  faults?: FaultRules;
  /** The resource modules to serve; all of them (src/resources/modules.ts) unless told. */
  modules?: readonly ResourceModule[];
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

/** What a unit of work outside a request (a background job, a test helper) needs: the same as a request's. */
export function workEnv(
  store: Store,
  config: Pick<Config, 'apiVersion'> & Partial<Pick<Config, 'paymentRetrySchedule' | 'afterFinalRetry' | 'subscriptionAfterFinalRetry' | 'subscriptionOverdue' | 'subscriptionOverdueDays' | 'upcomingRenewalDays'>>,
  modules: readonly ResourceModule[] = resourceModules,
): WorkEnv {
  const settings = {
    paymentRetrySchedule: config.paymentRetrySchedule ?? DEFAULTS.paymentRetrySchedule,
    afterFinalRetry: config.afterFinalRetry ?? DEFAULTS.afterFinalRetry,
    subscriptionAfterFinalRetry: config.subscriptionAfterFinalRetry ?? DEFAULTS.subscriptionAfterFinalRetry,
    subscriptionOverdue: config.subscriptionOverdue ?? DEFAULTS.subscriptionOverdue,
    subscriptionOverdueDays: config.subscriptionOverdueDays ?? DEFAULTS.subscriptionOverdueDays,
    upcomingRenewalDays: config.upcomingRenewalDays ?? DEFAULTS.upcomingRenewalDays,
  };
  const registry = buildRegistry(modules);
  return { store, events: registry.events, eventVersion: config.apiVersion, config: settings, timers: registry.timers, clockIntervals: registry.clockIntervals };
}

export function buildApp(options: AppOptions): FastifyInstance {
  const config: Config = { ...DEFAULTS, ...options.config };
  const log = options.log ?? silentLog;
  // First: a module list missing a dependency fails here, at start, not at request time.
  const registry = buildRegistry(options.modules ?? resourceModules);
  const app = Fastify({
    // The framework logs only problems; request lines come from request-log.ts, one per request.
    loggerInstance: log.framework as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
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

  // A callback hook, not an async one: no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('request-id', request.id);
    done();
  });
  if (log.requests) addRequestLog(app, log);
  const faults = options.faults ?? new FaultRules();
  addFaultHooks(app, faults);
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

  // Asked by every request: the listening address is read once it is known (a syscall each time otherwise).
  let base: string | undefined;
  const deps: RouteDeps = {
    work: { store: options.store, events: registry.events, eventVersion: config.apiVersion, config, timers: registry.timers, clockIntervals: registry.clockIntervals },
    config,
    clock: options.clock ?? systemClock,
    allowedKeys: config.apiKeys ? new Set(config.apiKeys) : null,
    loaders: registry.loaders,
    publicUrl: () => (base ??= publicBase(config.publicUrl, app.server, config.host)),
  };
  registry.registerRoutes(app, deps);
  helperRoutes(app, { ...deps, faults });
  accountRoutes(app, deps);
  // Not resources of the API: pages for people, over the same services.
  pageRoutes(app, deps, payForm);
  authenticateRoutes(app, deps);
  dashboardRoutes(app, deps);
  return app;
}
