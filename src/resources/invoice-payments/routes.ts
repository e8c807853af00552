import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { registerExpandable, registerIncludable } from '../../http/expand.ts';
import { loadPaymentIntent } from '../payment-intents/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function invoicePaymentRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/invoice_payments', {
    retrieve: (ctx, id) => service.retrieveInvoicePayment(ctx, id),
    list: withParams(params.listInvoicePayments, (ctx, p) => service.listInvoicePayments(ctx, p)),
  });
}

registerExpandable('invoice_payment', 'payment.payment_intent', loadPaymentIntent);
registerIncludable('invoice', 'payments', (ctx, invoice) => service.paymentsOf(ctx, invoice as { id: string }));
