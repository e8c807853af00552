// The context a page for people reads with (hosted invoice page, dashboard): one account,
// the newest shapes, no unit of work, invoice links on this server's public base.
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../http/context.ts';
import type { RouteDeps } from '../http/route.ts';
import { LATEST } from '../versions/registry.ts';

export function pageReadCtx(deps: RouteDeps, request: FastifyRequest, account: string): Ctx {
  return {
    account,
    apiVersion: LATEST,
    requestId: request.id,
    idempotencyKey: null,
    now: deps.clock.now(),
    db: deps.work.store.db,
    work: null,
    publicUrl: deps.publicUrl?.(),
  };
}
