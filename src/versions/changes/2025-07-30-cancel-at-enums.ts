import { errors } from '../../http/errors.ts';
import type { FormValue } from '../../http/form.ts';
import type { VersionChange } from '../change.ts';

const SUBSCRIPTIONS = ['/v1/subscriptions', '/v1/subscriptions/:id'];
const PREVIEWS = ['/v1/invoices/create_preview', '/v1/invoices/upcoming', '/v1/invoices/upcoming/lines'];

/** Older versions knew `cancel_at` as a timestamp only: a word is an invalid integer, as it was then. */
function timestampOnly(value: FormValue | undefined, param: string): void {
  if (typeof value === 'string' && value !== '' && !/^-?\d+$/.test(value)) throw errors.invalidInteger(param, value);
}

export const change: VersionChange = {
  version: '2025-07-30.basil',
  title: '`cancel_at` takes `min_period_end` and `max_period_end`',
  description:
    '`cancel_at` of `POST /v1/subscriptions`, `POST /v1/subscriptions/:id` and `subscription_details` of `POST /v1/invoices/create_preview` also takes `min_period_end` or `max_period_end`: the earliest or latest `current_period_end` of the subscription\'s items, resolved to a timestamp at once (Stripe changelog 2025-07-30.basil, "cancel_at enums", made for mixed-interval subscriptions). Older versions take a timestamp only and answer a word with an invalid integer error.',
  resources: ['subscription'],
  request(req) {
    if (req.method === 'POST' && SUBSCRIPTIONS.includes(req.route)) timestampOnly(req.params.cancel_at, 'cancel_at');
    if (PREVIEWS.includes(req.route)) {
      timestampOnly(req.params.subscription_cancel_at, 'subscription_cancel_at');
      const details = req.params.subscription_details;
      if (details && typeof details === 'object' && !Array.isArray(details)) {
        const param = 'subscription_details[cancel_at]';
        timestampOnly((details as Record<string, FormValue>).cancel_at, req.renames[param] ?? param);
      }
    }
  },
};
