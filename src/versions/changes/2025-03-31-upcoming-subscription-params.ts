import { errors } from '../../http/errors.ts';
import type { FormValue } from '../../http/form.ts';
import type { RequestInput, VersionChange } from '../change.ts';

/** The flat what-if parameters of the upcoming invoice endpoints and their place in `subscription_details`. */
const FLAT: Record<string, string> = {
  subscription_items: 'items',
  subscription_billing_cycle_anchor: 'billing_cycle_anchor',
  subscription_cancel_at: 'cancel_at',
  subscription_cancel_at_period_end: 'cancel_at_period_end',
  subscription_cancel_now: 'cancel_now',
  subscription_default_tax_rates: 'default_tax_rates',
  subscription_proration_behavior: 'proration_behavior',
  subscription_proration_date: 'proration_date',
  subscription_resume_at: 'resume_at',
  subscription_start_date: 'start_date',
  subscription_trial_end: 'trial_end',
};

/** Moves the flat parameters into `subscription_details`, keeping the client's names for errors. */
function intoDetails(req: RequestInput): void {
  const given = Object.keys(FLAT).filter((k) => req.params[k] !== undefined);
  if (given.length === 0) return;
  if (req.params.subscription_details !== undefined) throw errors.onlyOneOf([given[0], 'subscription_details']);
  const details: Record<string, FormValue> = {};
  for (const k of given) {
    details[FLAT[k]] = req.params[k];
    delete req.params[k];
    req.renames[`subscription_details[${FLAT[k]}]`] = k;
  }
  req.params.subscription_details = details;
}

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Upcoming invoice previews lose the flat `subscription_*` parameters',
  description:
    'The subscription what-if parameters of `GET /v1/invoices/upcoming` and `/upcoming/lines` (`subscription_items`, `subscription_proration_behavior`, `subscription_proration_date`, `subscription_cancel_at`, `subscription_cancel_at_period_end`, `subscription_cancel_now`, `subscription_default_tax_rates`, `subscription_billing_cycle_anchor`, `subscription_trial_end`, `subscription_start_date`, `subscription_resume_at`) go with those endpoints; newer clients pass them in `subscription_details` of `POST /v1/invoices/create_preview`. Older versions may send either form (not both), and `subscription_details` too, which Stripe added in April 2024 without a breaking change.',
  resources: ['invoice'],
  request(req) {
    if (req.method === 'GET' && (req.route === '/v1/invoices/upcoming' || req.route === '/v1/invoices/upcoming/lines')) intoDetails(req);
  },
};
