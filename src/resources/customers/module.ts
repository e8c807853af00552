// Customers: /v1/customers, their discount (old clients' `coupon`), and the discount's events.
import { validate } from '../../http/params.ts';
import { addRoute } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { nothing } from '../../http/expand.ts';
import type { ResourceModule } from '../module.ts';
import { expandable } from '../module.ts';
import { customerDiscountEvents } from './events.ts';
import * as params from './params.ts';
import * as service from './service.ts';
import { loadPaymentMethod } from '../payment-methods/service.ts';
import { inClockTime, inObjectTime, loadTestClock } from '../test-clocks/time.ts';
import * as balance from './balance-transactions.ts';

export const customersModule: ResourceModule = {
  name: 'customers',
  requires: ['discounts', 'payment-methods', 'test-clocks'],
  objects: [
    {
      type: 'customer',
      idPrefix: 'cus',
      columns: { ref: 'email (the email= filter); null once deleted', status: "'deleted' for a deleted customer's stub" },
      events: { deleted: true, updated: true },
      // After the customer's own event (a customer created with a coupon: customer.created first).
      derive: (change, standard) => [...standard, ...customerDiscountEvents(change.before, change.after)],
    },
    // No events of its own at Stripe: the customer's balance change shows as customer.updated.
    {
      type: 'customer_balance_transaction',
      idPrefix: 'cbtxn',
      columns: { customer: 'the customer', invoice: 'the invoice it applies to, if any', ref: 'the credit note, if any' },
    },
  ],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/customers', {
      create: withParams(params.createCustomer, (ctx, p) => service.createCustomer(ctx, p)),
      retrieve: (ctx, id) => service.retrieveCustomer(ctx, id),
      // A customer on a test clock is changed in its time (a discount's start, for one).
      update: withParams(params.updateCustomer, async (ctx, p, id) => service.updateCustomer(await inObjectTime(ctx, 'customer', id), id, p)),
      del: (ctx, id) => service.deleteCustomer(ctx, id),
      list: withParams(params.listCustomers, (ctx, p) => service.listCustomers(ctx, p)),
    });
    addRoute(app, deps, {
      method: 'DELETE',
      url: '/v1/customers/:id/discount',
      handler: (ctx, p, path) => (validate({}, p), service.deleteCustomerDiscount(ctx, path.id)),
    });
    const txns = '/v1/customers/:id/balance_transactions';
    addRoute(app, deps, {
      method: 'POST',
      url: txns,
      handler: inClockTime('customer', (ctx, p, path) => balance.createBalanceTransaction(ctx, path.id, validate(params.createBalanceTransaction, p))),
    });
    addRoute(app, deps, {
      method: 'GET',
      url: txns,
      handler: (ctx, p, path) => balance.listBalanceTransactions(ctx, path.id, validate(params.listBalanceTransactions, p)),
    });
    addRoute(app, deps, {
      method: 'GET',
      url: `${txns}/:txn`,
      handler: (ctx, p, path) => (validate({}, p), balance.retrieveBalanceTransaction(ctx, path.id, path.txn)),
    });
    addRoute(app, deps, {
      method: 'POST',
      url: `${txns}/:txn`,
      handler: (ctx, p, path) => balance.updateBalanceTransaction(ctx, path.id, path.txn, validate(params.updateBalanceTransaction, p)),
    });
  },
  expandable: [
    // Expandable in Stripe, but pointing at objects this server never has: always null here.
    ...expandable('customer', ['default_source'], nothing),
    { owner: 'customer', path: 'test_clock', load: loadTestClock },
    { owner: 'customer', path: 'invoice_settings.default_payment_method', load: loadPaymentMethod },
    { owner: 'customer_balance_transaction', path: 'customer', load: service.loadCustomer },
  ],
};
