// Query fields for products (docs.stripe.com/search#query-fields-for-products).
import { at, type SearchTable } from '../fields.ts';

export const products: SearchTable = {
  resource: 'products',
  type: 'product',
  fields: {
    active: at('token', 'active'),
    description: at('string', 'description'),
    name: at('string', 'name'),
    shippable: at('token', 'shippable'),
    url: at('token', 'url'),
  },
  metadata: true,
};
