import { errors } from '../../http/errors.ts';
import type { VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2022-08-01',
  title: 'New invoices exclude pending invoice items by default',
  description:
    'Creating an invoice no longer pulls in the customer\'s pending invoice items unless `pending_invoice_items_behavior=include`; the value `include_and_require` is removed. Older versions default to `include_and_require`: pending items are pulled in, and an invoice with none to pull fails with `invoice_no_customer_line_items`.',
  resources: ['invoice'],
  request(req) {
    if (req.method !== 'POST' || req.route !== '/v1/invoices') return;
    const v = req.params.pending_invoice_items_behavior;
    if (v === undefined || v === 'include_and_require') {
      req.params.pending_invoice_items_behavior = 'include';
      req.hints.requirePendingItems = true;
    } else if (v !== 'include' && v !== 'exclude')
      throw errors.invalidEnum('pending_invoice_items_behavior', ['exclude', 'include', 'include_and_require']);
  },
};
