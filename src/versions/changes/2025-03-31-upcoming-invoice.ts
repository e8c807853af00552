import type { VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'The upcoming invoice endpoints are removed',
  description:
    '`GET /v1/invoices/upcoming` and `GET /v1/invoices/upcoming/lines` are removed in favour of `POST /v1/invoices/create_preview`; to newer clients they are unrecognized URLs. Older versions get the upcoming invoice (the customer\'s pending items plus any `invoice_items` given, computed like a draft and not saved) without an `id`, and its lines as a paginated list.',
  resources: ['invoice'],
  request(req) {
    if (req.method !== 'GET' || (req.route !== '/v1/invoices/upcoming' && req.route !== '/v1/invoices/upcoming/lines')) return;
    req.hints.upcomingInvoice = true;
  },
};
