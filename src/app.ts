// buildApp: a Fastify instance speaking Stripe's wire protocol over a store.
// No globals, nothing listens here: main.ts and the tests decide that.
import Fastify, { type FastifyInstance } from 'fastify';
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
import { publicBase } from './pages/public-base.ts';
import { pageRoutes } from './pages/routes.ts';
import { dashboardRoutes } from './dashboard/routes.ts';

export interface AppOptions {
  store: Store;
  config?: Partial<Config>;
  clock?: Clock;
  logger?: boolean;
}

export function buildApp(options: AppOptions): FastifyInstance {
  const config: Config = { ...DEFAULTS, ...options.config };
  const app = Fastify({
    // Only problems are logged: per-request info lines would cost more than the request itself.
    logger: options.logger ? { level: 'warn' } : false,
    bodyLimit: config.bodyLimit,
    genReqId: () => newRequestId(),
    requestIdHeader: false,
    return503OnClosing: true,
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
    publicUrl: () => publicBase(config.publicUrl, app.server, config.host),
  };
  for (const register of resourceRoutes) register(app, deps);
  pageRoutes(app, deps);
  dashboardRoutes(app, deps);
  return app;
}
