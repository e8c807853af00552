// Brings an old client's params into the newest shape before validation:
// every change newer than the client's version, oldest first.
import type { FormParams } from '../http/form.ts';
import type { RequestInput } from './change.ts';
import { CHANGES } from './changes/index.ts';
import type { ApiVersion } from './registry.ts';

const OLDEST_FIRST = [...CHANGES].reverse();

export function upgradeRequest(version: ApiVersion, method: string, route: string, params: FormParams): Record<string, unknown> {
  const req: RequestInput = { method, route, params, hints: {} };
  for (const change of OLDEST_FIRST) if (change.version > version && change.request) change.request(req);
  return req.hints;
}
