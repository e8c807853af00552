// Walks a response from the LATEST shape back to the version the client asked
// for. The per-version change modules plug in here (see registry.ts).
import { LATEST, type ApiVersion } from './registry.ts';

export function renderAtVersion<T>(body: T, version: ApiVersion): T {
  if (version === LATEST) return body;
  return body;
}
