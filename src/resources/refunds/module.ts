// Refunds of charges: /v1/refunds; a charge's `refunds` list is includable (expand[]=refunds).
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import { loadCharge } from '../charges/service.ts';
import { loadPaymentIntent } from '../payment-intents/service.ts';
import { inObjectTime } from '../test-clocks/time.ts';
import * as params from './params.ts';
import * as service from './service.ts';
import { settleTimer } from './settle-job.ts';

export const refundsModule: ResourceModule = {
  name: 'refunds',
  requires: ['charges', 'payment-intents', 'test-clocks'],
  objects: [{ type: 'refund', idPrefix: 're', columns: { ref: 'the charge', tag: 'the PaymentIntent' } }],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/refunds', {
      // In the time of the refunded charge's customer's test clock, if it has one (test-clocks/time.ts).
      create: withParams(params.createRefund, async (ctx, p) => {
        const of = p.charge !== undefined ? inObjectTime(ctx, 'charge', p.charge) : p.payment_intent !== undefined ? inObjectTime(ctx, 'payment_intent', p.payment_intent) : ctx;
        return service.createRefund(await of, p);
      }),
      retrieve: (ctx, id) => service.retrieveRefund(ctx, id),
      update: withParams(params.updateRefund, (ctx, p, id) => service.updateRefund(ctx, id, p)),
      list: withParams(params.listRefunds, (ctx, p) => service.listRefunds(ctx, p)),
    });
  },
  timers: [settleTimer],
  expandable: [
    { owner: 'refund', path: 'charge', load: loadCharge },
    { owner: 'refund', path: 'payment_intent', load: loadPaymentIntent },
    // Since 2022-11-15 a charge shows its refunds only when asked for.
    { owner: 'charge', path: '+refunds', load: service.refundsOf },
  ],
};
