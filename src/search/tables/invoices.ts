// Query fields for invoices (docs.stripe.com/search#query-fields-for-invoices).
import { at, type SearchTable } from '../fields.ts';

export const invoices: SearchTable = {
  resource: 'invoices',
  type: 'invoice',
  fields: {
    created: at('number', 'created'),
    currency: at('token', 'currency'),
    customer: at('token', 'customer'),
    last_finalization_error_code: at('token', 'last_finalization_error.code'),
    last_finalization_error_type: at('token', 'last_finalization_error.type'),
    number: at('string', 'number'),
    receipt_number: at('string', 'receipt_number'),
    status: at('token', 'status'),
    // Stored in the newest shape, where the subscription moved under `parent` (basil).
    subscription: at('token', 'parent.subscription_details.subscription'),
    total: at('number', 'total'),
  },
  metadata: true,
};
