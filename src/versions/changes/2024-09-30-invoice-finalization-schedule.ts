import { drop, type VersionChange } from '../change.ts';
import { rejectNew } from '../request-helpers.ts';
import type { FormValue } from '../../http/form.ts';

export const change: VersionChange = {
  version: '2024-09-30.acacia',
  title: 'Scheduled finalization and rendering templates on invoices',
  description:
    'Invoices gain `automatically_finalizes_at` and `rendering.template`/`template_version`; customers gain `invoice_settings.rendering_options.template`. Older versions show none of them and do not accept the template parameters (`automatically_finalizes_at` became a parameter in 2024-10-28.acacia).',
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
    if (req.method !== 'POST') return;
    const nested = (v: FormValue | undefined) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
    if (req.route === '/v1/invoices' || req.route === '/v1/invoices/:id') {
      const rendering = nested(req.params.rendering);
      if (rendering) for (const k of ['template', 'template_version']) rejectNew(rendering, k, 'rendering');
    }
    if (req.route === '/v1/customers' || req.route === '/v1/customers/:id') {
      const options = nested(nested(req.params.invoice_settings)?.rendering_options);
      if (options) rejectNew(options, 'template', 'invoice_settings[rendering_options]');
    }
  },
};
