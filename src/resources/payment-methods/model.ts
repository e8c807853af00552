// The PaymentMethod object (type `card` only) in the newest API shape.
import type { Address } from '../shared-params.ts';

export interface BillingDetails {
  address: Address | null;
  email: string | null;
  name: string | null;
  phone: string | null;
}

export interface Card {
  brand: string;
  checks: { address_line1_check: string | null; address_postal_code_check: string | null; cvc_check: string | null };
  country: string;
  display_brand: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: string;
  generated_from: null;
  last4: string;
  networks: { available: string[]; preferred: string | null };
  regulated_status: 'unregulated';
  three_d_secure_usage: { supported: boolean };
  wallet: null;
}

export interface PaymentMethod {
  id: string;
  object: 'payment_method';
  allow_redisplay: 'always' | 'limited' | 'unspecified';
  billing_details: BillingDetails;
  card: Card;
  created: number;
  customer: string | null;
  livemode: false;
  metadata: Record<string, string>;
  type: 'card';
  /** Stored, never rendered. */
  internal: {
    /** The test card's number: how it behaves (test-cards.ts). */
    number: string;
    /** Detached, or used once without a customer: it can never be used again. */
    spent?: boolean;
    /** Authenticated once with setup_future_usage=off_session: off-session payments need no more authentication. */
    set_up?: boolean;
  };
  [key: string]: unknown;
}
