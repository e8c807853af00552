import type { Json, VersionChange } from '../change.ts';
import { drop } from '../change.ts';

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Subscription periods move to subscription items',
  description:
    '`current_period_start` and `current_period_end` leave the subscription and appear on each subscription item (Stripe changelog basil 2025-03-31, "deprecate subscription current period start and end"). Older versions show them on the subscription (the period every item shares, or with mixed intervals the shortest item period, as Stripe documents) and not on the items.',
  resources: ['subscription', 'subscription_item'],
  response: {
    subscription(o) {
      // From the stored copy: the items may already be rendered without theirs.
      const period = (o.internal?.period ?? null) as Json | null;
      o.current_period_start = period?.start ?? o.start_date;
      o.current_period_end = period?.end ?? o.start_date;
    },
    subscription_item(o) {
      drop(o, 'current_period_start', 'current_period_end');
    },
  },
};
