// Query fields for PaymentIntents (docs.stripe.com/search#query-fields-for-payment-intents).
import { at, type SearchTable } from '../fields.ts';

export const paymentIntents: SearchTable = {
  resource: 'payment_intents',
  type: 'payment_intent',
  fields: {
    amount: at('number', 'amount'),
    created: at('number', 'created'),
    currency: at('token', 'currency'),
    customer: at('token', 'customer'),
    status: at('token', 'status'),
  },
  metadata: true,
};
