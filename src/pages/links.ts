// The capability links of a finalized invoice: its hosted page and its PDF. The URL itself
// grants access (no API key), as on Stripe, so it carries a random secret made at finalization
// and kept with the invoice (never rendered); the account and invoice id in it only say where
// to look, and a link whose secret does not match is a 404 like one that names nothing.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 24 random bytes: 192 bits, beyond guessing. */
export function newLinkSecret(): string {
  return randomBytes(24).toString('base64url');
}

export interface LinkTarget {
  account: string;
  invoice: string;
  secret: string;
}

/** `test_` like Stripe's test-mode links; the rest is opaque to its holder. */
export function linkToken(t: LinkTarget): string {
  return `test_${Buffer.from(`${t.account}:${t.invoice}:${t.secret}`, 'utf8').toString('base64url')}`;
}

export function parseLinkToken(token: string): LinkTarget | null {
  if (!token.startsWith('test_') || token.length > 400 || !/^[A-Za-z0-9_-]+$/.test(token.slice(5))) return null;
  const parts = Buffer.from(token.slice(5), 'base64url').toString('utf8').split(':');
  if (parts.length !== 3 || parts.some((p) => p === '')) return null;
  const [account, invoice, secret] = parts;
  // base64url decoding forgives stray characters: only the one spelling of a target is its token.
  if (linkToken({ account, invoice, secret }) !== token) return null;
  return { account, invoice, secret };
}

/** Constant-time comparison of the secret a link carries with the invoice's. */
export function secretMatches(given: string, stored: string | undefined): boolean {
  if (stored === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const hostedPath = (token: string) => `/i/${token}`;
export const pdfPath = (token: string) => `/i/${token}/pdf`;

interface LinkedInvoice {
  object?: unknown;
  id?: unknown;
  status?: unknown;
  hosted_invoice_url?: unknown;
  invoice_pdf?: unknown;
  internal?: { link_secret?: string } | undefined;
}

/**
 * Fills an invoice's `hosted_invoice_url` and `invoice_pdf` from its stored secret, at render
 * time, so that they always name the server as it is reached now (port 0, --public-url).
 * Drafts (and invoices finalized before links existed) keep null.
 */
export function fillInvoiceLinks(obj: LinkedInvoice, account: string, base: string | undefined): void {
  const secret = obj.internal?.link_secret;
  if (obj.object !== 'invoice' || base === undefined || secret === undefined || obj.status === 'draft' || typeof obj.id !== 'string') return;
  const token = linkToken({ account, invoice: obj.id, secret });
  obj.hosted_invoice_url = base + hostedPath(token);
  obj.invoice_pdf = base + pdfPath(token);
}

/** The 3D Secure test page of a PaymentIntent waiting for its customer (pages/authenticate.ts). */
export const authPath = (token: string) => `/authenticate/${token}`;

interface ActionIntent {
  object?: unknown;
  id?: unknown;
  status?: unknown;
  next_action?: { type?: string; redirect_to_url?: { url?: string }; use_stripe_sdk?: { stripe_js?: string } } | null;
  internal?: { auth_secret?: string } | undefined;
}

/** Fills a `requires_action` PaymentIntent's `next_action` URL from its stored secret, at render time. */
export function fillAuthLinks(obj: ActionIntent, account: string, base: string | undefined): void {
  const secret = obj.internal?.auth_secret;
  const action = obj.next_action;
  if (obj.object !== 'payment_intent' || !action || secret === undefined || typeof obj.id !== 'string') return;
  const url = (base ?? '') + authPath(linkToken({ account, invoice: obj.id, secret }));
  if (action.redirect_to_url) action.redirect_to_url.url = url;
  if (action.use_stripe_sdk) action.use_stripe_sdk.stripe_js = url;
}
