// Idempotency key: only POSTs carry one; an empty header is none at all.
import { checkKey } from '../idempotency.ts';

export function idempotencyKeyStage(method: string, header: string | string[] | undefined): string | null {
  const key = method === 'POST' && typeof header === 'string' && header !== '' ? header : null;
  if (key !== null) checkKey(key);
  return key;
}
