// The PaymentIntent object in the newest API shape.
export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

/**
 * What the customer must do: as Stripe shows it, `redirect_to_url` when the confirmation gave a
 * `return_url`, else `use_stripe_sdk` (opaque to integrations; Stripe.js follows `stripe_js`).
 * The URLs are filled at render time from `internal.auth_secret` (versions/render.ts), so they
 * always name this server as it is reached now; stored as ''.
 */
export type NextAction =
  | { type: 'redirect_to_url'; redirect_to_url: { return_url: string; url: string } }
  | { type: 'use_stripe_sdk'; use_stripe_sdk: { source: string; stripe_js: string; type: 'three_d_secure_redirect' } };

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_details: { tip: Record<string, never> };
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: { allow_redirects?: string; enabled: boolean } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic' | 'automatic_async' | 'manual';
  client_secret: string;
  confirmation_method: 'automatic' | 'manual';
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: Record<string, unknown> | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: { card: Record<string, unknown> };
  payment_method_types: string[];
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: string | null;
  shipping: null;
  source: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: null;
  /** Stored, never rendered: the invoice it pays (older versions show `invoice`). */
  internal: {
    invoice?: string;
    /** The secret of the authentication page's link while it is `requires_action` (pages/authenticate.ts). */
    auth_secret?: string;
    /** Where the authentication page sends the customer back to (the confirmation's return_url). */
    return_url?: string;
  };
  [key: string]: unknown;
}
