import { errors } from '../../http/errors.ts';
import type { VersionChange } from '../change.ts';

const AGGREGATE_USAGE = ['last_during_period', 'last_ever', 'max', 'sum'] as const;

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Recurring prices lose `aggregate_usage`; metered prices need a meter',
  description:
    'Recurring prices no longer have `recurring.aggregate_usage` (usage now comes from meters), and a metered price must name a `recurring[meter]`. Older versions show `aggregate_usage` (null for licensed prices, `sum` unless given for metered ones), accept the parameter, and may create metered prices without a meter.',
  resources: ['price'],
  response: {
    price(o) {
      if (!o.recurring || typeof o.recurring !== 'object') return;
      const metered = o.recurring.usage_type === 'metered';
      o.recurring = { aggregate_usage: metered ? (o.internal?.aggregate_usage ?? 'sum') : null, ...o.recurring };
    },
  },
  request(req) {
    if (req.method !== 'POST' || req.route !== '/v1/prices') return;
    req.hints.meterlessMetered = true;
    const recurring = req.params.recurring;
    if (recurring === null || typeof recurring !== 'object' || Array.isArray(recurring) || recurring.aggregate_usage === undefined) return;
    const v = recurring.aggregate_usage;
    if (typeof v !== 'string' || !(AGGREGATE_USAGE as readonly string[]).includes(v)) throw errors.invalidEnum('recurring[aggregate_usage]', AGGREGATE_USAGE);
    if (recurring.usage_type !== 'metered')
      throw errors.invalidRequest('`aggregate_usage` can only be set when `usage_type` is `metered`.', 'recurring[aggregate_usage]');
    delete recurring.aggregate_usage;
    req.hints.aggregateUsage = v;
  },
};
