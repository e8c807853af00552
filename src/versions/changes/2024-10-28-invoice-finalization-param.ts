import type { VersionChange } from '../change.ts';
import { rejectNew } from '../request-helpers.ts';

export const change: VersionChange = {
  version: '2024-10-28.acacia',
  title: 'Invoices accept `automatically_finalizes_at`',
  description:
    'Creating or updating an invoice accepts `automatically_finalizes_at` (the field itself is shown since 2024-09-30.acacia). Older versions do not accept the parameter.',
  resources: ['invoice'],
  request(req) {
    if (req.method === 'POST' && (req.route === '/v1/invoices' || req.route === '/v1/invoices/:id'))
      rejectNew(req.params, 'automatically_finalizes_at');
  },
};
