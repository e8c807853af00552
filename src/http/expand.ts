// expand[]: replaces ids with the objects they name, along dotted paths,
// `data.` first for lists, at most 4 levels. Each resource module declares which
// of its fields are expandable and how to load what they point at; the app
// hands the collected loaders to this stage.
import { errors } from './errors.ts';
import type { Ctx } from './context.ts';

export type Loader = (ctx: Ctx, id: string) => Promise<object | undefined>;

/** `${objectType}:${path from the typed object}` -> loader */
export type ExpandLoaders = ReadonlyMap<string, Loader>;

/** Expandable in Stripe, but pointing at objects this server never has: always null here. */
export const nothing: Loader = async () => undefined;

const MAX_DEPTH = 4;
type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export async function expandStage(ctx: Ctx, value: unknown, paths: readonly string[], loaders: ExpandLoaders): Promise<void> {
  for (const path of paths) {
    // A search's total_count is computed by the search itself when asked for (search/route.ts).
    if (path === 'total_count' && isJson(value) && value.object === 'search_result') continue;
    const segments = path.split('.');
    if (segments.length > MAX_DEPTH) throw errors.expandTooDeep('expand');
    if (segments.some((seg) => seg === '')) throw errors.notExpandable(path, 'expand');
    if (isJson(value) && value.object === 'list' && segments[0] !== 'data') {
      throw errors.notExpandable(segments[0], 'expand', `data.${path}`);
    }
    await walk(ctx, loaders, value, segments, 0, null, '');
  }
}

async function walk(ctx: Ctx, loaders: ExpandLoaders, value: unknown, segs: string[], i: number, owner: string | null, rel: string): Promise<void> {
  if (i >= segs.length) return;
  if (Array.isArray(value)) {
    for (const el of value) await walk(ctx, loaders, el, segs, i, owner, rel);
    return;
  }
  if (!isJson(value)) return;
  // A typed object starts a fresh relative path for the registry.
  if (typeof value.object === 'string') {
    owner = value.object;
    rel = '';
  }
  const seg = segs[i];
  if (value.object === 'list' && seg === 'data') {
    await walk(ctx, loaders, value.data, segs, i + 1, null, '');
    return;
  }
  if (!(seg in value) || (value[seg] === undefined && rel === '')) {
    // An includable field (declared with a `+` path): absent unless expanded (a charge's `refunds`
    // since 2022-11-15, an invoice's `payments`); loaded by its owner's id.
    const include = owner !== null && rel === '' ? loaders.get(`${owner}:+${seg}`) : undefined;
    if (!include || typeof value.id !== 'string') throw errors.notExpandable(seg, 'expand');
    value[seg] = await include(ctx, value.id);
    await walk(ctx, loaders, value[seg], segs, i + 1, null, '');
    return;
  }
  const path = rel ? `${rel}.${seg}` : seg;
  const field = value[seg];
  const loader = owner ? loaders.get(`${owner}:${path}`) : undefined;
  if (typeof field === 'string' || (Array.isArray(field) && field.some((f) => typeof f === 'string'))) {
    if (!loader) throw errors.notExpandable(seg, 'expand');
    value[seg] = Array.isArray(field)
      ? await Promise.all(field.map((f) => (typeof f === 'string' ? load(ctx, loader, f) : f)))
      : await load(ctx, loader, field);
    await walk(ctx, loaders, value[seg], segs, i + 1, null, '');
    return;
  }
  if (field === null || field === undefined) {
    if (!loader && i === segs.length - 1) throw errors.notExpandable(seg, 'expand');
    return;
  }
  if (isJson(field) || Array.isArray(field)) {
    // Already an object (expanded, or a plain sub-hash such as `pricing`): go on inside it.
    if (i === segs.length - 1 && !loader && typeof (field as Json).object !== 'string') throw errors.notExpandable(seg, 'expand');
    await walk(ctx, loaders, field, segs, i + 1, owner, path);
    return;
  }
  throw errors.notExpandable(seg, 'expand');
}

async function load(ctx: Ctx, loader: Loader, id: string): Promise<unknown> {
  // An id whose object is gone stays an id: nothing to expand it to.
  return (await loader(ctx, id)) ?? id;
}
