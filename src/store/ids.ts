// Stripe-like ids: a prefix and 24 random base62 characters.
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

export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomChars(length)}`;
}

export function newRequestId(): string {
  return `req_${randomChars(14)}`;
}
