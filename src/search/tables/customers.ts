// Query fields for customers (docs.stripe.com/search#query-fields-for-customers).
import { at, type SearchTable } from '../fields.ts';

export const customers: SearchTable = {
  resource: 'customers',
  type: 'customer',
  fields: { created: at('number', 'created'), email: at('string', 'email'), name: at('string', 'name'), phone: at('string', 'phone') },
  metadata: true,
  searchable: (c) => c.deleted !== true,
};
