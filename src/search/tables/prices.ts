// Query fields for prices (docs.stripe.com/search#query-fields-for-prices).
import { at, type SearchTable } from '../fields.ts';

export const prices: SearchTable = {
  resource: 'prices',
  type: 'price',
  fields: {
    active: at('token', 'active'),
    currency: at('token', 'currency'),
    lookup_key: at('string', 'lookup_key'),
    product: at('token', 'product'),
    type: at('token', 'type'),
  },
  metadata: true,
  // Prices made from `price_data` are never listed, nor found.
  searchable: (_p, stored) => stored.status !== 'inline',
};
