// Brings an old client's params into the newest shape before validation:
// every change newer than the client's version, oldest first.
import type { FormParams } from '../http/form.ts';
import type { RequestInput } from './change.ts';
import { CHANGES } from './changes/index.ts';
import type { ApiVersion } from './registry.ts';
import type { RequestHints } from './hints.ts';

const OLDEST_FIRST = [...CHANGES].reverse();

export function upgradeRequest(
  version: ApiVersion,
  method: string,
  route: string,
  params: FormParams,
): { hints: RequestHints; renames: Record<string, string> } {
  const req: RequestInput = { method, route, params, hints: {}, renames: {} };
  for (const change of OLDEST_FIRST) if (change.version > version && change.request) change.request(req);
  return { hints: req.hints, renames: req.renames };
}

/** An error about a renamed param names it as the client sent it (`pricing[price]` back to `price`). */
export function clientParamName(param: string, renames: Record<string, string>): string {
  for (const [to, from] of Object.entries(renames))
    if (param === to || param.startsWith(`${to}[`)) return clientParamName(from + param.slice(to.length), renames);
  return param;
}
