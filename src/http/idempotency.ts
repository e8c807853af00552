// Idempotency-Key on POST, the protocol side: the key's limits and the
// request's fingerprint. Same key, other params -> idempotency_error. The record
// itself is kept by the unit of work (store/idempotency-keys.ts, work/run.ts).
import { createHash } from 'node:crypto';
import { errors } from './errors.ts';

/** Same endpoint and same params, in whatever order they were sent, is the same request. */
export function fingerprint(method: string, path: string, params: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonical(params)}`).digest('base64url');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function checkKey(key: string): void {
  if (key.length > 255) throw errors.idempotencyKeyTooLong();
}
