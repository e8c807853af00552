import { errors } from '../../http/errors.ts';
import { drop, type VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2025-09-30.clover',
  title: 'Promotion codes name their coupon under `promotion`',
  description:
    'A promotion code is created with `promotion[type]=coupon` and `promotion[coupon]`, and shows `promotion: {type: "coupon", coupon}` with the coupon id (expandable). Older versions create it with a top-level `coupon` and show the whole coupon object in `coupon`, without `promotion`.',
  resources: ['promotion_code'],
  response: {
    async promotion_code(o, r) {
      const promotion = o.promotion as { coupon?: string | Record<string, unknown> | null } | undefined;
      drop(o, 'promotion');
      const coupon = promotion?.coupon;
      if (coupon !== null && typeof coupon === 'object') o.coupon = coupon;
      else o.coupon = typeof coupon === 'string' ? ((await r.load('coupon', coupon)) ?? null) : null;
    },
  },
  request(req) {
    if (req.method !== 'POST' || req.route !== '/v1/promotion_codes') return;
    if (req.params.promotion !== undefined) throw errors.unknownParam('promotion');
    const coupon = req.params.coupon;
    delete req.params.coupon;
    if (coupon === undefined) throw errors.missingParam('coupon');
    req.params.promotion = { type: 'coupon', coupon };
    req.renames['promotion[coupon]'] = 'coupon';
  },
};
