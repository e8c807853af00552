import { drop, type VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2025-09-30.clover',
  title: 'Invoice items show `net_amount` and `proration_details`',
  description:
    'Invoice items gain `net_amount` (the amount after the item\'s own discounts, before taxes) and `proration_details` (with `discount_amounts`). Older versions show neither.',
  resources: ['invoiceitem'],
  response: {
    invoiceitem(o) {
      drop(o, 'net_amount');
      drop(o, 'proration_details');
    },
  },
};
