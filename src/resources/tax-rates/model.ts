// The tax rate object in the newest API shape (stripe@23 `TaxRate`, fixture `tax_rate`).
import type { TAX_TYPES } from './params.ts';

export interface TaxRate {
  id: string;
  object: 'tax_rate';
  active: boolean;
  country: string | null;
  created: number;
  description: string | null;
  display_name: string;
  effective_percentage: null;
  flat_amount: null;
  inclusive: boolean;
  jurisdiction: string | null;
  jurisdiction_level: null;
  livemode: false;
  metadata: Record<string, string>;
  percentage: number;
  rate_type: 'percentage';
  state: string | null;
  tax_type: (typeof TAX_TYPES)[number] | null;
  [key: string]: unknown;
}
