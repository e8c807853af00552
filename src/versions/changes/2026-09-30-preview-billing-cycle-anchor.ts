import type { RequestInput, VersionChange } from '../change.ts';

const ROUTES = new Set(['/v1/invoices/create_preview', '/v1/invoices/upcoming', '/v1/invoices/upcoming/lines']);

/** `now`, `unchanged` or a timestamp becomes `{ type, timestamp }`; anything else is left for validation to refuse. */
function anchorObject(req: RequestInput): void {
  const details = req.params.subscription_details;
  if (details === undefined || typeof details !== 'object' || Array.isArray(details)) return;
  const anchor = details.billing_cycle_anchor;
  if (typeof anchor !== 'string') return;
  details.billing_cycle_anchor = anchor === 'now' || anchor === 'unchanged' ? { type: anchor } : { type: 'timestamp', timestamp: anchor };
  req.renames['subscription_details[billing_cycle_anchor][timestamp]'] = 'subscription_details[billing_cycle_anchor]';
  req.renames['subscription_details[billing_cycle_anchor][type]'] = 'subscription_details[billing_cycle_anchor]';
}

export const change: VersionChange = {
  version: '2026-09-30.endive',
  title: "A preview's `subscription_details.billing_cycle_anchor` becomes an object",
  description:
    '`subscription_details[billing_cycle_anchor]` of `POST /v1/invoices/create_preview` takes `{ type: now | unchanged | timestamp, timestamp }`. Older versions pass `now`, `unchanged` or a Unix timestamp directly (also through `GET /v1/invoices/upcoming`).',
  resources: ['invoice'],
  request(req) {
    if ((req.method === 'POST' || req.method === 'GET') && ROUTES.has(req.route)) anchorObject(req);
  },
};
