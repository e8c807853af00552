import { drop, type VersionChange } from '../change.ts';
import { rejectNew, rename } from '../request-helpers.ts';

export const change: VersionChange = {
  version: '2024-04-10',
  title: 'Invoices lose `rendering_options` for `rendering`; product `features` becomes `marketing_features`',
  description:
    'The invoice field and parameter `rendering_options` is removed in favour of `rendering` (which versions from 2023-10-16 already have), and the product field and parameter `features` is renamed `marketing_features`. Older versions show `rendering_options` and accept it (as `rendering`), and use the old product name in responses and requests.',
  resources: ['invoice', 'product'],
  response: {
    invoice(o) {
      const r = o.rendering as { amount_tax_display?: string | null } | null | undefined;
      o.rendering_options = r ? { amount_tax_display: r.amount_tax_display ?? null } : null;
    },
    product(o) {
      if ('marketing_features' in o) {
        o.features = o.marketing_features;
        drop(o, 'marketing_features');
      }
    },
  },
  request(req) {
    if (req.method !== 'POST') return;
    if (req.route === '/v1/invoices' || req.route === '/v1/invoices/:id') {
      rename(req.params, 'rendering_options', 'rendering', req.renames);
    }
    if (req.route === '/v1/products' || req.route === '/v1/products/:id') {
      rejectNew(req.params, 'marketing_features');
      rename(req.params, 'features', 'marketing_features', req.renames);
    }
  },
};
