import type { VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2025-09-30.clover',
  title: 'New subscriptions use flexible billing mode by default',
  description:
    'A subscription created without `billing_mode` gets `billing_mode[type]=flexible` (Stripe changelog 2025-09-30.clover, "billing mode default flexible"). Older versions create `classic` subscriptions unless they ask for `flexible`.',
  resources: ['subscription'],
  request(req) {
    if (req.method === 'POST' && req.route === '/v1/subscriptions' && req.params.billing_mode === undefined) req.hints.classicBilling = true;
  },
};
