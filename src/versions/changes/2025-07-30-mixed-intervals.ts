import type { VersionChange } from '../change.ts';

const ROUTES = ['/v1/subscriptions', '/v1/subscriptions/:id', '/v1/subscription_items', '/v1/subscription_items/:id'];

export const change: VersionChange = {
  version: '2025-07-30.basil',
  title: 'Flexible subscriptions may mix billing intervals',
  description:
    'A subscription in flexible billing mode may hold items with different recurring intervals, each with its own period, renewed on its own (one invoice when periods align, separate ones when they diverge) (Stripe changelog 2025-07-30.basil, "support mixed intervals"). Older versions refuse items whose interval differs, whatever the billing mode, with Stripe\'s classic error.',
  resources: ['subscription'],
  request(req) {
    if (req.method === 'POST' && ROUTES.includes(req.route)) req.hints.sameIntervals = true;
  },
};
