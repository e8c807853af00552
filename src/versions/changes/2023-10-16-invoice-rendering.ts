import { drop, type VersionChange } from '../change.ts';
import { rejectNew } from '../request-helpers.ts';

export const change: VersionChange = {
  version: '2023-10-16',
  title: 'Invoices gain `rendering`',
  description:
    'Invoices gain the `rendering` field and parameter (`amount_tax_display` and PDF options), next to `rendering_options` until 2024-04-10. Stripe added it in September 2023, after 2023-08-16, whose schema does not have it: older versions neither show nor accept it.',
  resources: ['invoice'],
  response: {
    invoice: (o) => drop(o, 'rendering'),
  },
  request(req) {
    if (req.method === 'POST' && (req.route === '/v1/invoices' || req.route === '/v1/invoices/:id')) rejectNew(req.params, 'rendering');
  },
};
