// Walks a response from the LATEST shape back to the version the client
// asked for: every typed object in the tree (children first) goes through the
// changes newer than that version, newest first. Stored-only fields go last.
import type { Json, LinkBase, ObjectLoader, RenderCtx } from './change.ts';
import { CHANGES } from './changes/index.ts';
import { LATEST, type ApiVersion } from './registry.ts';
import { fillAuthLinks, fillInvoiceLinks } from '../pages/links.ts';

type Transform = (obj: Json, r: RenderCtx) => void | Promise<unknown>;

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

/** Types whose links (hosted pages) are filled in at render from stored-only fields, whatever the version. */
const LINK_FILLERS = new Map<string, (obj: Json, links: LinkBase) => void>([
  ['invoice', (obj, links) => fillInvoiceLinks(obj, links.account, links.publicUrl)],
  ['payment_intent', (obj, links) => fillAuthLinks(obj, links.account, links.publicUrl)],
]);
/**
 * A stored-only key (`"internal":`) or a linked object (`"object":"invoice"`, ...) anywhere in a text.
 * One pattern, so a page of texts is scanned once, not once per literal (~4 against ~10 µs for a page of 11).
 */
const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HIDDEN_OR_LINKED = new RegExp(
  [`"${STORED_ONLY}":`, ...[...LINK_FILLERS.keys()].map((type) => `"object":${JSON.stringify(type)}`)].map(escapeRe).join('|'),
);

/**
 * Stored JSON texts (as the store wrote them, by JSON.stringify) that are their own answer at
 * `version`: the newest shapes, and nothing in them that rendering hides or fills in. A text that
 * merely mentions such a key in a string value is parsed and rendered as usual: never wrong, only slower.
 */
export function storedTextsShown(texts: readonly string[], version: ApiVersion): boolean {
  if (!showsNewestShapes(version)) return false;
  for (const text of texts) if (HIDDEN_OR_LINKED.test(text)) return false;
  return true;
}

export async function renderAtVersion<T>(body: T, version: ApiVersion, loader: ObjectLoader, links: LinkBase): Promise<T> {
  const plan = planFor(version);
  if (plan.size === 0) {
    // The newest shape needs no rewriting: only hide stored-only fields, without awaiting per object.
    stripStoredOnly(body, links);
    return body;
  }
  const loading = new Map<string, Promise<Json | undefined>>();
  // Finished loads: the many objects embedding the same one (a list of items sharing a Price)
  // read it synchronously once it is in.
  const done = new Map<string, Json | null>();
  const waits = new Waits();
  const r: RenderCtx = {
    links,
    version,
    load: (type, id) => {
      const key = `${type}:${id}`;
      let hit = loading.get(key);
      if (!hit) {
        hit = loader.get(type, id).then(async (obj) => {
          if (obj) {
            const own = new Waits();
            walk(obj, plan, r, own);
            await own.settle(r);
          }
          done.set(key, obj ?? null);
          return obj;
        });
        loading.set(key, hit);
      }
      return hit;
    },
    loaded: (type, id) => done.get(`${type}:${id}`),
    countLines: (invoice) => loader.countOnInvoice('line_item', invoice),
    list: async (type, ref, url) => {
      const page = await loader.listByRef(type, ref, 10);
      // Added after the walk: their stored-only fields are hidden here.
      const data = page.data.map(({ internal: _hidden, ...o }) => o);
      return { object: 'list', data, has_more: page.hasMore, url };
    },
  };
  walk(body, plan, r, waits);
  await waits.settle(r);
  return body;
}

/**
 * Objects whose transform chain waits on a promise, grouped by that promise: each promise is
 * awaited once and the objects waiting on it resume together, synchronously (a list of 100
 * items embedding one Price waits on one load, not on 100 promise chains).
 */
class Waits {
  private byPromise = new Map<Promise<unknown>, { obj: Json; transforms: Transform[]; from: number }[]>();

  add(promise: Promise<unknown>, obj: Json, transforms: Transform[], from: number): void {
    const list = this.byPromise.get(promise);
    if (list) list.push({ obj, transforms, from });
    else this.byPromise.set(promise, [{ obj, transforms, from }]);
  }

  async settle(r: RenderCtx): Promise<void> {
    // Resumed chains may wait again: drain until nothing waits.
    while (this.byPromise.size > 0) {
      const batch = [...this.byPromise];
      this.byPromise.clear();
      await Promise.all(batch.map(([promise]) => promise));
      for (const [, list] of batch) for (const w of list) runChain(w.obj, w.transforms, w.from, r, this);
    }
  }
}

/**
 * Children first, then the object itself through its transforms, newest first. Most
 * transforms are synchronous; one that returns a promise (it loads something) parks the
 * rest of the object's chain in `waits` until the promise is settled.
 */
function walk(value: unknown, plan: Map<string, Transform[]>, r: RenderCtx, waits: Waits): void {
  if (Array.isArray(value)) {
    for (const el of value) if (el !== null && typeof el === 'object') walk(el, plan, r, waits);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Json;
  for (const key in obj) {
    const child = obj[key];
    if (child !== null && typeof child === 'object') walk(child, plan, r, waits);
  }
  if (typeof obj.object !== 'string') return;
  // A deletion stub ({id, object, deleted}) has that shape at every version.
  if (obj.deleted === true && Object.keys(obj).length === 3) return;
  const transforms = plan.get(obj.object);
  if (transforms) runChain(obj, transforms, 0, r, waits);
  else hideStoredOnly(obj, r.links);
}

function runChain(obj: Json, transforms: Transform[], from: number, r: RenderCtx, waits: Waits): void {
  for (let i = from; i < transforms.length; i++) {
    const result = transforms[i](obj, r);
    if (result instanceof Promise) {
      waits.add(result, obj, transforms, i + 1);
      return;
    }
  }
  hideStoredOnly(obj, r.links);
}

/** Last, whatever the version: fields derived from stored-only ones (an invoice's links), then the stored-only fields go. */
function hideStoredOnly(obj: Json, links: LinkBase): void {
  LINK_FILLERS.get(obj.object as string)?.(obj, links);
  if (obj[STORED_ONLY] !== undefined) obj[STORED_ONLY] = undefined;
}

function stripStoredOnly(value: unknown, links: LinkBase): void {
  if (Array.isArray(value)) {
    for (const el of value) if (el !== null && typeof el === 'object') stripStoredOnly(el, links);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Json;
  for (const key in obj) {
    const child = obj[key];
    if (child !== null && typeof child === 'object') stripStoredOnly(child, links);
  }
  if (typeof obj.object === 'string') hideStoredOnly(obj, links);
}

export { LATEST };
