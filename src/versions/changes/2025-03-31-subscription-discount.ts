import { errors } from '../../http/errors.ts';
import type { Json, RequestInput, VersionChange } from '../change.ts';

/** `coupon`/`promotion_code` become the first of `discounts`. */
function discountParams(req: RequestInput): void {
  const coupon = req.params.coupon;
  const promotion = req.params.promotion_code;
  if (coupon === undefined && promotion === undefined) return;
  if (coupon !== undefined && promotion !== undefined) throw errors.onlyOneOf(['coupon', 'promotion_code']);
  if (req.params.discounts !== undefined) throw errors.onlyOneOf([coupon !== undefined ? 'coupon' : 'promotion_code', 'discounts']);
  const [name, value] = coupon !== undefined ? ['coupon', coupon] : ['promotion_code', promotion];
  if (typeof value !== 'string') throw errors.invalidString(name as string, value);
  delete req.params.coupon;
  delete req.params.promotion_code;
  req.params.discounts = value === '' ? '' : [{ [name as string]: value }];
  req.renames[`discounts[0][${name}]`] = name as string;
}

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Subscriptions lose `coupon`, `promotion_code` and `discount`',
  description:
    'Creating or updating a subscription no longer accepts `coupon` or `promotion_code` (use `discounts`), and the subscription loses its `discount` field (use `discounts`). Older versions may pass either (it becomes the subscription\'s one discount) and see `discount` when the subscription has exactly one.',
  resources: ['subscription'],
  request(req) {
    if (req.method === 'POST' && (req.route === '/v1/subscriptions' || req.route === '/v1/subscriptions/:id')) discountParams(req);
  },
  response: {
    async subscription(o, r) {
      const list = (o.discounts ?? []) as (string | Json)[];
      const only = list.length === 1 ? list[0] : null;
      o.discount = only === null ? null : typeof only === 'object' ? only : ((await r.load('discount', only)) ?? null);
    },
  },
};
