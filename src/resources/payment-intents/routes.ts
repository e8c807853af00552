import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadCustomer } from '../customers/service.ts';
import { loadPaymentMethod } from '../payment-methods/service.ts';
import { loadCharge } from '../charges/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function paymentIntentRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/payment_intents', {
    create: withParams(params.createPaymentIntent, (ctx, p) => service.createPaymentIntent(ctx, p)),
    retrieve: (ctx, id) => service.retrievePaymentIntent(ctx, id),
    update: withParams(params.updatePaymentIntent, (ctx, p, id) => service.updatePaymentIntent(ctx, id, p)),
    list: withParams(params.listPaymentIntents, (ctx, p) => service.listPaymentIntents(ctx, p)),
  });
  const action = (name: string, handler: Parameters<typeof addRoute>[2]['handler']) =>
    addRoute(app, deps, { method: 'POST', url: `/v1/payment_intents/:id/${name}`, handler });
  action('confirm', (ctx, p, path) => service.confirmPaymentIntent(ctx, path.id, validate(params.confirmPaymentIntent, p)));
  action('capture', (ctx, p, path) => service.capturePaymentIntent(ctx, path.id, validate(params.capturePaymentIntent, p)));
  action('cancel', (ctx, p, path) => service.cancelPaymentIntent(ctx, path.id, validate(params.cancelPaymentIntent, p).cancellation_reason));
}

registerExpandable('payment_intent', 'customer', loadCustomer);
registerExpandable('payment_intent', 'payment_method', loadPaymentMethod);
registerExpandable('payment_intent', 'latest_charge', loadCharge);
registerExpandable('charge', 'payment_intent', service.loadPaymentIntent);
