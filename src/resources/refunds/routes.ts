import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { registerExpandable, registerIncludable } from '../../http/expand.ts';
import { loadCharge } from '../charges/service.ts';
import { loadPaymentIntent } from '../payment-intents/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function refundRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/refunds', {
    create: withParams(params.createRefund, (ctx, p) => service.createRefund(ctx, p)),
    retrieve: (ctx, id) => service.retrieveRefund(ctx, id),
    update: withParams(params.updateRefund, (ctx, p, id) => service.updateRefund(ctx, id, p)),
    list: withParams(params.listRefunds, (ctx, p) => service.listRefunds(ctx, p)),
  });
}

registerExpandable('refund', 'charge', loadCharge);
registerExpandable('refund', 'payment_intent', loadPaymentIntent);
// Since 2022-11-15 a charge shows its refunds only when asked for (expand[]=refunds).
registerIncludable('charge', 'refunds', (ctx, charge) => service.refundsOf(ctx, charge.id as string));
