// PaymentIntents: /v1/payment_intents with confirm, capture and cancel. Confirming makes a
// Charge (charges module). Their events are emitted by the service, in Stripe's order.
import { validate } from '../../http/params.ts';
import { addRoute, type Handler } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import { loadCustomer } from '../customers/service.ts';
import { loadPaymentMethod } from '../payment-methods/service.ts';
import { loadCharge } from '../charges/service.ts';
import { inClockTime, inCustomerTime, inObjectTime } from '../test-clocks/time.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const paymentIntentsModule: ResourceModule = {
  name: 'payment-intents',
  requires: ['customers', 'payment-methods', 'charges', 'test-clocks'],
  objects: [{ type: 'payment_intent', idPrefix: 'pi', columns: { customer: 'customer id', status: 'status', invoice: 'the invoice it pays' } }],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/payment_intents', {
      // In the time of the customer's test clock, if it has one (test-clocks/time.ts).
      create: withParams(params.createPaymentIntent, async (ctx, p) => service.createPaymentIntent(await inCustomerTime(ctx, p.customer ?? null), p)),
      retrieve: (ctx, id) => service.retrievePaymentIntent(ctx, id),
      update: withParams(params.updatePaymentIntent, async (ctx, p, id) => service.updatePaymentIntent(await inObjectTime(ctx, 'payment_intent', id), id, p)),
      list: withParams(params.listPaymentIntents, (ctx, p) => service.listPaymentIntents(ctx, p)),
    });
    const action = (name: string, handler: Handler) =>
      addRoute(app, deps, { method: 'POST', url: `/v1/payment_intents/:id/${name}`, handler: inClockTime('payment_intent', handler) });
    action('confirm', (ctx, p, path) => service.confirmPaymentIntent(ctx, path.id, validate(params.confirmPaymentIntent, p)));
    action('capture', (ctx, p, path) => service.capturePaymentIntent(ctx, path.id, validate(params.capturePaymentIntent, p)));
    action('cancel', (ctx, p, path) => service.cancelPaymentIntent(ctx, path.id, validate(params.cancelPaymentIntent, p).cancellation_reason));
  },
  expandable: [
    { owner: 'payment_intent', path: 'customer', load: loadCustomer },
    { owner: 'payment_intent', path: 'payment_method', load: loadPaymentMethod },
    { owner: 'payment_intent', path: 'latest_charge', load: loadCharge },
    { owner: 'charge', path: 'payment_intent', load: service.loadPaymentIntent },
  ],
};
