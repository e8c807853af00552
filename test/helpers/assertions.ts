// Assertions on errors the stripe SDK throws, shared by the API tests.
import assert from 'node:assert/strict';

export interface WantedError {
  /** HTTP status; 400 unless given. */
  status?: number;
  param?: string;
  code?: string;
  message?: string | RegExp;
}

/** The promise rejects with a Stripe error of that status, and the given param, code and message. */
export function rejects(promise: Promise<unknown>, want: WantedError) {
  return assert.rejects(promise, (e: any) => {
    assert.equal(e.statusCode, want.status ?? 400, `status of ${e.message}`);
    if ('param' in want) assert.equal(e.param, want.param);
    if ('code' in want) assert.equal(e.code, want.code);
    if (typeof want.message === 'string') assert.equal(e.message, want.message);
    else if (want.message) assert.match(e.message, want.message);
    return true;
  });
}

/** Asserts `o` has none of `keys` (fields its version does not show). */
export function lacks(o: object, ...keys: string[]): void {
  for (const k of keys) assert.ok(!(k in o), `unexpected ${k}`);
}
