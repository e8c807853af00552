import { drop, type VersionChange } from '../change.ts';
import { rejectNew } from '../request-helpers.ts';

export const change: VersionChange = {
  version: '2024-09-30.acacia',
  title: 'Scheduled finalization and rendering templates on invoices',
  description:
    'Invoices gain `automatically_finalizes_at` and `rendering.template`/`template_version`; customers gain `invoice_settings.rendering_options.template`. Older versions show none of them and do not accept `automatically_finalizes_at`.',
  resources: ['invoice', 'customer'],
  response: {
    invoice(o) {
      drop(o, 'automatically_finalizes_at');
      if (o.rendering && typeof o.rendering === 'object') {
        drop(o.rendering, 'template');
        drop(o.rendering, 'template_version');
      }
    },
    customer(o) {
      const ro = o.invoice_settings?.rendering_options;
      if (ro && typeof ro === 'object') drop(ro, 'template');
    },
  },
  request(req) {
    if (req.method === 'POST' && (req.route === '/v1/invoices' || req.route === '/v1/invoices/:id'))
      rejectNew(req.params, 'automatically_finalizes_at');
  },
};
