// Walks a response from the LATEST shape back to the version the client
// asked for: every typed object in the tree (children first) goes through the
// changes newer than that version, newest first. Stored-only fields go last.
import type { Ctx } from '../http/context.ts';
import { getObject } from '../store/objects.ts';
import type { Json, RenderCtx } from './change.ts';
import { CHANGES } from './changes/index.ts';
import { LATEST, type ApiVersion } from './registry.ts';

type Transform = (obj: Json, r: RenderCtx) => void | Promise<void>;

/** Per version, per object type: the transforms to run, newest first. Computed once per version. */
const plans = new Map<string, Map<string, Transform[]>>();

function planFor(version: ApiVersion): Map<string, Transform[]> {
  let plan = plans.get(version);
  if (!plan) {
    plan = new Map();
    for (const change of CHANGES) {
      if (change.version <= version || !change.response) continue;
      for (const [type, fn] of Object.entries(change.response)) {
        if (!plan.has(type)) plan.set(type, []);
        plan.get(type)!.push(fn);
      }
    }
    plans.set(version, plan);
  }
  return plan;
}

/** True when `version` shows the newest shapes (no change is newer than it). */
export function showsNewestShapes(version: ApiVersion): boolean {
  return planFor(version).size === 0;
}

/** Fields every version hides: inputs kept with an object that no response shows. */
const STORED_ONLY = 'internal';

export async function renderAtVersion<T>(body: T, version: ApiVersion, ctx: Ctx): Promise<T> {
  const plan = planFor(version);
  if (plan.size === 0) {
    // The newest shape needs no rewriting: only hide stored-only fields, without awaiting per object.
    stripStoredOnly(body);
    return body;
  }
  const loaded = new Map<string, Promise<Json | undefined>>();
  const r: RenderCtx = {
    ctx,
    version,
    load: (type, id) => {
      const key = `${type}:${id}`;
      let hit = loaded.get(key);
      if (!hit) {
        hit = getObject<Json & { id: string }>(ctx.db, ctx.account, type, id).then(async (obj) => {
          if (obj) await settle(walk(obj, plan, r, []));
          return obj;
        });
        loaded.set(key, hit);
      }
      return hit;
    },
  };
  await settle(walk(body, plan, r, []));
  return body;
}

async function settle(pending: Promise<void>[]): Promise<void> {
  // Transforms that loaded something may have queued more work: drain until none is left.
  while (pending.length > 0) await Promise.all(pending.splice(0));
}

/**
 * Children first, then the object itself through its transforms, newest first. Most
 * transforms are synchronous; an object whose chain awaits (a load) finishes its chain
 * on its own, and the caller awaits all such chains together.
 */
function walk(value: unknown, plan: Map<string, Transform[]>, r: RenderCtx, pending: Promise<void>[]): Promise<void>[] {
  if (Array.isArray(value)) {
    for (const el of value) if (el !== null && typeof el === 'object') walk(el, plan, r, pending);
    return pending;
  }
  if (value === null || typeof value !== 'object') return pending;
  const obj = value as Json;
  for (const key in obj) {
    const child = obj[key];
    if (child !== null && typeof child === 'object') walk(child, plan, r, pending);
  }
  if (typeof obj.object !== 'string') return pending;
  // A deletion stub ({id, object, deleted}) has that shape at every version.
  if (obj.deleted === true && Object.keys(obj).length === 3) return pending;
  const transforms = plan.get(obj.object);
  if (transforms) {
    for (let i = 0; i < transforms.length; i++) {
      const result = transforms[i](obj, r);
      if (result instanceof Promise) {
        pending.push(finishChain(result, obj, transforms, i + 1, r));
        return pending;
      }
    }
  }
  hideStoredOnly(obj);
  return pending;
}

async function finishChain(first: Promise<void>, obj: Json, transforms: Transform[], from: number, r: RenderCtx): Promise<void> {
  await first;
  for (let i = from; i < transforms.length; i++) await transforms[i](obj, r);
  hideStoredOnly(obj);
}

function hideStoredOnly(obj: Json): void {
  if (obj[STORED_ONLY] !== undefined) obj[STORED_ONLY] = undefined;
}

function stripStoredOnly(value: unknown): void {
  if (Array.isArray(value)) {
    for (const el of value) if (el !== null && typeof el === 'object') stripStoredOnly(el);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Json;
  for (const key in obj) {
    const child = obj[key];
    if (child !== null && typeof child === 'object') stripStoredOnly(child);
  }
  if (typeof obj.object === 'string') hideStoredOnly(obj);
}

export { LATEST };
