// Stripe-like ids: a prefix and 24 base62 characters. Like Stripe's own, they
// start with a time part, so ids made later sort later; that keeps inserts into
// the id indexes at the right-hand edge of the B-tree (few pages to write per
// commit) instead of scattered across it.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
let pool = Buffer.alloc(0);
let offset = 0;

function randomChars(n: number): string {
  let out = '';
  while (out.length < n) {
    if (offset >= pool.length) {
      // One syscall for many ids; ids are on every write's hot path.
      pool = randomBytes(4096);
      offset = 0;
    }
    const byte = pool[offset++];
    // 62 * 4 = 248: rejecting the top 8 values keeps the draw uniform.
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** Milliseconds since the epoch, 8 base62 digits (enough until the year 8900). */
function timePart(ms: number): string {
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = ALPHABET[ms % 62] + out;
    ms = Math.floor(ms / 62);
  }
  return out;
}

export function newId(prefix: string, length = 24): string {
  return `${prefix}_${timePart(Date.now())}${randomChars(length - 8)}`;
}

export function newRequestId(): string {
  return `req_${randomChars(14)}`;
}
