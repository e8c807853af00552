import type { VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Invoice previews name what to preview',
  description:
    '`POST /v1/invoices/create_preview` with a `customer` must also name `invoice_items`, a `subscription` or a `schedule`; the customer alone is `parameter_missing`. Older versions preview the customer\'s pending invoice items with the customer alone.',
  resources: ['invoice'],
  request(req) {
    if (req.method === 'POST' && req.route === '/v1/invoices/create_preview') req.hints.previewPendingAlone = true;
  },
};
