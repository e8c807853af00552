// What API version rendering reads, for one context: in a write, through the unit
// of work's transaction (it sees the write's own changes); in a read, the shared handle.
import type { Ctx } from '../http/context.ts';
import { objectLoader } from '../store/objects.ts';
import type { ObjectLoader } from '../versions/change.ts';

export function loaderFor(ctx: Ctx): ObjectLoader {
  return objectLoader(ctx);
}
