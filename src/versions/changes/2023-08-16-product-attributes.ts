import type { VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2023-08-16',
  title: 'Products lose `attributes`, `caption` and `deactivate_on`',
  description:
    'Products no longer have `attributes`, `caption` and `deactivate_on` (they belonged to the retired Orders API). Older versions show them empty and accept the parameters, which nothing here reads.',
  resources: ['product'],
  response: {
    product(o) {
      o.attributes = [];
      o.caption = null;
      o.deactivate_on = [];
    },
  },
  request(req) {
    // Orders-only fields: an old client may still send them; they have no effect.
    if (req.method === 'POST' && (req.route === '/v1/products' || req.route === '/v1/products/:id'))
      for (const name of ['attributes', 'caption', 'deactivate_on']) delete req.params[name];
  },
};
