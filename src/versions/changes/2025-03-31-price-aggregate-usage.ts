import type { VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Recurring prices lose `aggregate_usage`',
  description: 'Recurring prices no longer have `recurring.aggregate_usage` (usage now comes from meters). Older versions show it, null for licensed prices.',
  resources: ['price'],
  response: {
    price(o) {
      if (o.recurring && typeof o.recurring === 'object') o.recurring = { aggregate_usage: null, ...o.recurring };
    },
  },
};
