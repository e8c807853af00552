// Applies fault rules to live requests: before the route runs (an error answer, a delay,
// a dropped connection) or after it ran and committed (its answer replaced or lost, which is
// what makes a client retry a request that already took effect).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accountOfHeader } from '../http/auth.ts';
import { errors, type StripeError } from '../http/errors.ts';
import { sendError } from '../http/error-handler.ts';
import type { FaultKind, FaultRule, FaultRules } from './rules.ts';

function faultError(kind: Exclude<FaultKind, 'delay' | 'drop'>): StripeError {
  if (kind === 'rate_limit') return errors.rateLimit();
  if (kind === 'unavailable') return errors.unavailable();
  return errors.faultApiError();
}

/** Paths never faulted: the helpers themselves (or a rule could lock its own removal out) and the health check. */
const exempt = (path: string) => path.startsWith('/_invoicekit/') || path === '/healthz';

export function addFaultHooks(app: FastifyInstance, rules: FaultRules): void {
  const pendingAfter = new WeakMap<FastifyRequest, FaultRule>();

  app.addHook('onRequest', (request, reply, done) => {
    // The common case, no rules at all, costs one comparison.
    if (rules.size === 0) return done();
    const url = request.raw.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (exempt(path)) return done();
    const rule = rules.pick(accountOfHeader(request.headers.authorization), request.method, path);
    if (!rule) return done();
    if (rule.fault === 'delay') {
      setTimeout(done, rule.delayMs);
      return;
    }
    if (rule.when === 'after') {
      pendingAfter.set(request, rule);
      return done();
    }
    if (rule.fault === 'drop') {
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    sendError(request, reply, faultError(rule.fault));
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const rule = pendingAfter.get(request);
    if (!rule) return done(null, payload);
    pendingAfter.delete(request);
    if (rule.fault === 'drop') {
      request.raw.socket.destroy();
      return done(null, payload);
    }
    const err = faultError(rule.fault as Exclude<FaultKind, 'delay' | 'drop'>);
    reply.code(err.status).removeHeader('idempotent-replayed').removeHeader('original-request');
    done(null, JSON.stringify(err.toBody()));
  });
}
