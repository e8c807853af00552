import { drop, type VersionChange } from '../change.ts';
import { rejectNew } from '../request-helpers.ts';

export const change: VersionChange = {
  version: '2025-12-15.clover',
  title: 'Line item subtotal; customer accounts on invoices and items',
  description:
    'Invoice line items gain `subtotal`; invoices and invoice items gain `customer_account`, and invoice item creation accepts `customer_account` instead of `customer`. Older versions show neither field and do not accept the parameter.',
  resources: ['line_item', 'invoiceitem', 'invoice'],
  response: {
    line_item: (o) => drop(o, 'subtotal'),
    invoiceitem: (o) => drop(o, 'customer_account'),
    invoice: (o) => drop(o, 'customer_account'),
  },
  request(req) {
    if (['/v1/invoiceitems', '/v1/invoices', '/v1/invoices/create_preview'].includes(req.route))
      rejectNew(req.params, 'customer_account');
  },
};
