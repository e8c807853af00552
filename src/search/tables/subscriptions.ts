// Query fields for subscriptions (docs.stripe.com/search#query-fields-for-subscriptions).
import { at, type SearchTable } from '../fields.ts';

export const subscriptions: SearchTable = {
  resource: 'subscriptions',
  type: 'subscription',
  fields: {
    canceled_at: at('number', 'canceled_at'),
    created: at('number', 'created'),
    status: at('token', 'status'),
  },
  metadata: true,
};
