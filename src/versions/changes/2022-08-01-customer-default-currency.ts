import type { VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2022-08-01',
  title: 'Customers lose `default_currency`',
  description:
    'The customer field `default_currency` is removed (`currency` stays). Older versions show it, with the customer\'s `currency` (null until the customer has one).',
  resources: ['customer'],
  response: {
    customer(o) {
      if (o.deleted !== true) o.default_currency = o.currency ?? null;
    },
  },
};
