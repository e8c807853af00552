// 3D Secure on the test cards that ask for it (docs.stripe.com/testing#regulatory-cards): a
// confirmation leaves the intent `requires_action` with a `next_action` leading to a page on
// this server (pages/authenticate.ts) where the customer completes or fails the challenge, as
// on Stripe's test-mode page. Completing makes the charge (which may still decline, for the
// "...ChargeDeclined" cards); failing puts the intent back to `requires_payment_method`.
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../http/context.ts';
import { newLinkSecret } from '../../pages/links.ts';
import { cardBehaviour, savePaymentMethod, spendIfUnattached } from '../payment-methods/service.ts';
export { needsAuthentication } from '../payment-methods/service.ts';
import type { PaymentMethod } from '../payment-methods/model.ts';
import type { PaymentIntent } from './model.ts';
import { attempt, savePaymentIntent, type Attempt } from './service.ts';

/** The intent waits for the customer: `requires_action`, `payment_intent.requires_action`. */
export async function requireAction(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod, returnUrl: string | null): Promise<PaymentIntent> {
  pi.status = 'requires_action';
  pi.payment_method = pm.id;
  pi.last_payment_error = null;
  pi.internal.auth_secret = newLinkSecret();
  if (returnUrl !== null) pi.internal.return_url = returnUrl;
  else delete pi.internal.return_url;
  pi.next_action =
    returnUrl !== null
      ? { type: 'redirect_to_url', redirect_to_url: { return_url: returnUrl, url: '' } }
      : { type: 'use_stripe_sdk', use_stripe_sdk: { source: `src_${randomBytes(12).toString('hex')}`, stripe_js: '', type: 'three_d_secure_redirect' } };
  await savePaymentIntent(ctx, pi);
  ctx.work?.emitFor('payment_intent.requires_action', pi);
  return pi;
}

export const AUTHENTICATION_FAILURE_MESSAGE =
  'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.';

export type AuthOutcome = { completed: true; attempt: Attempt } | { completed: false; pi: PaymentIntent; pm: PaymentMethod };

/**
 * The customer's answer on the authentication page. Completed: the charge is made (and may
 * decline after all); failed: no charge, `last_payment_error` is Stripe's
 * `payment_intent_authentication_failure` and `payment_intent.payment_failed` is sent.
 */
export async function finishAuthentication(ctx: Ctx, pi: PaymentIntent, pm: PaymentMethod, complete: boolean): Promise<AuthOutcome> {
  if (complete) {
    if (pi.setup_future_usage === 'off_session' && pm.customer !== null && !pm.internal.set_up) {
      pm.internal.set_up = true;
      await savePaymentMethod(ctx, pm);
    }
    const threeDSecure = { authentication_flow: 'challenge', electronic_commerce_indicator: '05', exemption_indicator: null, result: 'authenticated', result_reason: null, transaction_id: randomUUIDLike(), version: '2.2.0' };
    const a = await attempt(ctx, pi, pm, cardBehaviour(pm)?.declineAfterAuth ?? null, threeDSecure);
    return { completed: true, attempt: a };
  }
  pi.status = 'requires_payment_method';
  pi.next_action = null;
  delete pi.internal.auth_secret;
  pi.payment_method = null;
  const { internal: _hidden, ...shown } = structuredClone(pm);
  pi.last_payment_error = {
    code: 'payment_intent_authentication_failure',
    doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
    message: AUTHENTICATION_FAILURE_MESSAGE,
    payment_method: shown,
    type: 'invalid_request_error',
  };
  await savePaymentIntent(ctx, pi);
  await spendIfUnattached(ctx, pm);
  ctx.work?.emitFor('payment_intent.payment_failed', pi);
  return { completed: false, pi, pm };
}

function randomUUIDLike(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
