// Webhook signatures as Stripe makes them and its SDKs' constructEvent checks them:
// `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed by the secret>`.
import { createHmac, randomBytes } from 'node:crypto';

export function signature(payload: string, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
}

export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${signature(payload, secret, timestamp)}`;
}

/** A signing secret: `whsec_` and 32 random base62-ish characters, as Stripe's look. */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64').replace(/[+/=]/g, '').slice(0, 32).padEnd(32, '0')}`;
}
