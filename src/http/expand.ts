// expand[]: replaces ids with the objects they name, along dotted paths,
// `data.` first for lists, at most 4 levels. Each resource registers which of
// its fields are expandable and how to load what they point at.
import { errors } from './errors.ts';
import type { Ctx } from './context.ts';

type Loader = (ctx: Ctx, id: string) => Promise<object | undefined>;

/** `${objectType}:${path from the typed object}` -> loader */
const loaders = new Map<string, Loader>();

export function registerExpandable(objectType: string, path: string, loader: Loader): void {
  loaders.set(`${objectType}:${path}`, loader);
}

/**
 * Includable fields: absent from an object unless expanded (a charge's `refunds` since
 * 2022-11-15, an invoice's `payments`); the function makes the field's value from its owner.
 */
type Includer = (ctx: Ctx, owner: Record<string, unknown>) => Promise<unknown>;
const includables = new Map<string, Includer>();

export function registerIncludable(objectType: string, field: string, fn: Includer): void {
  includables.set(`${objectType}:${field}`, fn);
}

/** Expandable in Stripe, but pointing at objects this server never has: always null here. */
const alwaysNull: Loader = async () => undefined;
for (const [type, paths] of Object.entries({
  customer: ['default_source', 'test_clock', 'invoice_settings.default_payment_method'],
  invoiceitem: ['test_clock'],
  invoice: ['application', 'default_payment_method', 'default_source', 'on_behalf_of', 'test_clock', 'account_tax_ids'],
  discount: ['promotion_code'],
}))
  for (const path of paths) registerExpandable(type, path, alwaysNull);

const MAX_DEPTH = 4;
type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

export async function expand(ctx: Ctx, value: unknown, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > MAX_DEPTH) throw errors.expandTooDeep('expand');
    if (segments.some((seg) => seg === '')) throw errors.notExpandable(path, 'expand');
    if (isJson(value) && value.object === 'list' && segments[0] !== 'data') {
      throw errors.notExpandable(segments[0], 'expand', `data.${path}`);
    }
    await walk(ctx, value, segments, 0, null, '');
  }
}

async function walk(ctx: Ctx, value: unknown, segs: string[], i: number, owner: string | null, rel: string): Promise<void> {
  if (i >= segs.length) return;
  if (Array.isArray(value)) {
    for (const el of value) await walk(ctx, el, segs, i, owner, rel);
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
    await walk(ctx, value.data, segs, i + 1, null, '');
    return;
  }
  if (!(seg in value) || (value[seg] === undefined && rel === '')) {
    const include = owner !== null && rel === '' ? includables.get(`${owner}:${seg}`) : undefined;
    if (!include) throw errors.notExpandable(seg, 'expand');
    value[seg] = await include(ctx, value);
    await walk(ctx, value[seg], segs, i + 1, null, '');
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
    await walk(ctx, value[seg], segs, i + 1, null, '');
    return;
  }
  if (field === null || field === undefined) {
    if (!loader && i === segs.length - 1) throw errors.notExpandable(seg, 'expand');
    return;
  }
  if (isJson(field) || Array.isArray(field)) {
    // Already an object (expanded, or a plain sub-hash such as `pricing`): go on inside it.
    if (i === segs.length - 1 && !loader && typeof (field as Json).object !== 'string') throw errors.notExpandable(seg, 'expand');
    await walk(ctx, field, segs, i + 1, owner, path);
    return;
  }
  throw errors.notExpandable(seg, 'expand');
}

async function load(ctx: Ctx, loader: Loader, id: string): Promise<unknown> {
  // An id whose object is gone stays an id: nothing to expand it to.
  return (await loader(ctx, id)) ?? id;
}
