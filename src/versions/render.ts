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

/** Fields every version hides: inputs kept with an object that no response shows. */
const STORED_ONLY = 'internal';

export async function renderAtVersion<T>(body: T, version: ApiVersion, ctx: Ctx): Promise<T> {
  const plan = planFor(version);
  if (plan.size === 0) {
    // The newest shape needs no rewriting: only hide stored-only fields, without awaiting per object.
    stripStoredOnly(body);
    return body;
  }
  const r: RenderCtx = {
    ctx,
    version,
    load: (type, id) => getObject<Json & { id: string }>(ctx.db, ctx.account, type, id),
    render: async (obj) => {
      await walk(obj, plan, r);
      return obj;
    },
  };
  await walk(body, plan, r);
  return body;
}

async function walk(value: unknown, plan: Map<string, Transform[]>, r: RenderCtx): Promise<void> {
  if (Array.isArray(value)) {
    for (const el of value) if (el !== null && typeof el === 'object') await walk(el, plan, r);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Json;
  for (const key in obj) {
    const child = obj[key];
    if (child !== null && typeof child === 'object') await walk(child, plan, r);
  }
  if (typeof obj.object !== 'string') return;
  const transforms = plan.get(obj.object);
  if (transforms) for (const t of transforms) await t(obj, r);
  if (STORED_ONLY in obj) delete obj[STORED_ONLY];
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
  if (typeof obj.object === 'string' && STORED_ONLY in obj) delete obj[STORED_ONLY];
}

export { LATEST };
