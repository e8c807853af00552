// Params: the body of a POST or the query of anything else, brought from the
// client's API version into the newest shape, with expand[] taken apart.
import { parseForm, type FormParams } from '../form.ts';
import { validateValue, s } from '../params.ts';
import { fingerprint } from '../idempotency.ts';
import { upgradeRequest } from '../../versions/request.ts';
import type { RequestHints } from '../../versions/hints.ts';
import type { ApiVersion } from '../../versions/registry.ts';

export interface RequestParams {
  /** Of what the client sent, before any version rewrote it: for an idempotency key ('' without one). */
  fingerprint: string;
  /** The params in the newest shape, without expand. */
  params: FormParams;
  expand: string[];
  hints: RequestHints;
  /** Newest param name -> the name the client sent, for errors. */
  renames: Record<string, string>;
}

const expandSchema = s.expand();

function formOf(method: string, rawUrl: string, body: unknown): FormParams {
  if (method === 'POST') return (body as FormParams | undefined | null) ?? {};
  const q = rawUrl.indexOf('?');
  return q < 0 ? {} : parseForm(rawUrl.slice(q + 1));
}

/** `route` is the route's pattern (`/v1/invoiceitems/:id`), which version changes match on. */
export function paramsStage(version: ApiVersion, method: string, route: string, rawUrl: string, body: unknown, keyed: boolean): RequestParams {
  const all = formOf(method, rawUrl, body);
  // Taken before upgrading, which rewrites `all` in place.
  const print = keyed ? fingerprint(method, rawUrl.split('?')[0], all) : '';
  const upgraded = upgradeRequest(version, method, route, all);
  const { expand: rawExpand, ...params } = all;
  const expand = rawExpand === undefined ? [] : (validateValue(expandSchema, rawExpand, 'expand') as string[]);
  return { fingerprint: print, params, expand, hints: upgraded.hints, renames: upgraded.renames };
}
