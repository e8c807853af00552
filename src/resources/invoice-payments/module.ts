// InvoicePayments (2025-03-31.basil): read-only; an invoice's `payments` is includable (expand[]=payments).
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import { loadPaymentIntent } from '../payment-intents/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const invoicePaymentsModule: ResourceModule = {
  name: 'invoice-payments',
  requires: ['payment-intents'],
  objects: [{ type: 'invoice_payment', idPrefix: 'inpay', columns: { invoice: 'invoice id', status: 'status', ref: 'its PaymentIntent' } }],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/invoice_payments', {
      retrieve: (ctx, id) => service.retrieveInvoicePayment(ctx, id),
      list: withParams(params.listInvoicePayments, (ctx, p) => service.listInvoicePayments(ctx, p)),
    });
  },
  expandable: [
    { owner: 'invoice_payment', path: 'payment.payment_intent', load: loadPaymentIntent },
    { owner: 'invoice', path: '+payments', load: service.paymentsOf },
  ],
};
