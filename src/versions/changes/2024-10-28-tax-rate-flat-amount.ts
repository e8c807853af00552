import { drop, type VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2024-10-28.acacia',
  title: 'Tax rates gain `flat_amount` and `rate_type`',
  description: 'Tax rates gain `flat_amount` and `rate_type` (percentage or flat amount). Older versions show neither.',
  resources: ['tax_rate'],
  response: {
    tax_rate(o) {
      drop(o, 'flat_amount');
      drop(o, 'rate_type');
    },
  },
};
