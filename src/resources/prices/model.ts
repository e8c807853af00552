// The price object in the newest API shape (stripe@23 `Price`, fixture `price`).
// `tiers` and `currency_options` are includable fields Stripe leaves out unless
// asked for; this server supports neither, so they never appear.

export type TaxBehavior = 'exclusive' | 'inclusive' | 'unspecified';

export interface Recurring {
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: number;
  meter: string | null;
  trial_period_days: number | null;
  usage_type: 'licensed' | 'metered';
}

export interface Price {
  id: string;
  object: 'price';
  active: boolean;
  billing_scheme: 'per_unit' | 'tiered';
  created: number;
  currency: string;
  custom_unit_amount: null;
  livemode: false;
  lookup_key: string | null;
  metadata: Record<string, string>;
  nickname: string | null;
  /** The product id; expand[] turns it into the product. */
  product: string;
  recurring: Recurring | null;
  tax_behavior: TaxBehavior | null;
  tiers_mode: null;
  transform_quantity: null;
  type: 'one_time' | 'recurring';
  unit_amount: number | null;
  unit_amount_decimal: string | null;
  [key: string]: unknown;
}
