// Secret key by Basic (key as user name) or Bearer auth. Each secret key is an
// account of its own; rows carry a digest of the key, never the key itself.
import { createHash } from 'node:crypto';
import { errors } from './errors.ts';

const accounts = new Map<string, string>();

function accountFor(key: string): string {
  let account = accounts.get(key);
  if (!account) {
    account = `acct_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
    if (accounts.size > 10_000) accounts.clear();
    accounts.set(key, account);
  }
  return account;
}

export function keyFromHeader(header: string | undefined): string | null {
  if (!header) return null;
  const space = header.indexOf(' ');
  if (space < 0) return null;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer') return value;
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? decoded : decoded.slice(0, colon);
  }
  return null;
}

/** The account of a well-formed key in the header, or null; never throws (fault rules, logs). */
export function accountOfHeader(header: string | undefined): string | null {
  const key = keyFromHeader(header);
  return key ? accountFor(key) : null;
}

/** Returns the account id for the request's key, or throws Stripe's 401. */
export function authenticate(header: string | undefined, allowed: ReadonlySet<string> | null): string {
  const key = keyFromHeader(header);
  if (key === null || key === '') throw errors.noApiKey();
  if (/\s/.test(key)) throw errors.apiKeyWithSpace();
  if (allowed ? !allowed.has(key) : !/^sk_test_[A-Za-z0-9_]{1,247}$/.test(key)) throw errors.invalidApiKey(key);
  return accountFor(key);
}
