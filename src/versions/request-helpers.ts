// Small tools for request transforms: rename a param, reject a param the
// client's version did not have.
import { errors } from '../http/errors.ts';
import type { FormParams, FormValue } from '../http/form.ts';

/** A param introduced after the client's version is, to that client, unknown. */
export function rejectNew(params: FormParams, name: string, path = ''): void {
  if (Object.prototype.hasOwnProperty.call(params, name)) throw errors.unknownParam(path ? `${path}[${name}]` : name);
}

/**
 * Moves `from` to `to` (at `path`, for params nested in arrays), noting the rename for errors;
 * both given is Stripe's "only one of" error.
 */
export function rename(params: FormParams, from: string, to: string, renames: Record<string, string>, path = ''): void {
  if (!Object.prototype.hasOwnProperty.call(params, from)) return;
  const at = (name: string) => (path ? `${path}[${name}]` : name);
  if (Object.prototype.hasOwnProperty.call(params, to)) throw errors.onlyOneOf([at(from), at(to)]);
  params[to] = params[from];
  delete params[from];
  renames[at(to)] = at(from);
}

/** Applies `fn` to each element of an array param (`lines[0][...]`), whatever form qs gave it. */
export function eachElement(value: FormValue | undefined, fn: (el: FormParams, path: string) => void, path: string): void {
  if (value === undefined || typeof value === 'string') return;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [i, el] of entries) if (el !== null && typeof el === 'object' && !Array.isArray(el)) fn(el, `${path}[${i}]`);
}
