import { drop, type VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2025-09-30.clover',
  title: 'Discounts name their coupon under `source`',
  description:
    'A discount no longer embeds its `coupon`; it has `source: {type: "coupon", coupon}` with the coupon id (expandable). Older versions embed the whole coupon object in `coupon` and have no `source`.',
  resources: ['discount'],
  response: {
    async discount(o, r) {
      const source = o.source as { coupon?: string | Record<string, unknown> } | undefined;
      drop(o, 'source');
      if (source && typeof source.coupon === 'object' && source.coupon !== null) o.coupon = source.coupon;
      else if (source && typeof source.coupon === 'string') {
        o.coupon = (await r.load('coupon', source.coupon)) ?? null;
      } else o.coupon = null;
    },
  },
};
