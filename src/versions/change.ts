// One breaking change of Stripe's API between an old version and LATEST:
// what it is, and how to undo it — responses rewritten backwards to the old
// shape, requests in the old shape rewritten forwards to the new one.
import type { FormParams } from '../http/form.ts';
import type { ApiVersion } from './registry.ts';
import type { RequestHints } from './hints.ts';

export type Json = Record<string, any>;

/**
 * What rendering may read, given by the caller (the store's objectLoader() in practice):
 * version changes never reach the store themselves.
 */
export interface ObjectLoader {
  /** An object of the account by type and id, in its newest stored shape. */
  get(type: string, id: string): Promise<Json | undefined>;
  /** How many objects of a type belong to an invoice (its lines). */
  countOnInvoice(type: string, invoice: string): Promise<number>;
  /** The newest objects of a type whose `ref` column names `ref` (a charge's refunds, an intent's charges). */
  listByRef(type: string, ref: string, limit: number): Promise<{ data: Json[]; hasMore: boolean }>;
}

export interface RenderCtx {
  /** The version being rendered. */
  version: ApiVersion;
  /**
   * Loads an object that old versions embed whole, already rendered at the target
   * version; loaded once per response however often it is embedded (treat it as read-only).
   */
  load(type: LoadableType, id: string): Promise<Json | undefined>;
  /** What load() already finished for this response (null: known not to exist), without awaiting; undefined if not loaded yet. */
  loaded(type: LoadableType, id: string): Json | null | undefined;
  /** How many lines an invoice has (old versions show `total_count`). */
  countLines(invoice: string): Promise<number>;
  /** Whose objects these are and where customers reach the server: an invoice's links are filled from them. */
  links: LinkBase;
  /** A list old versions embed: the newest objects of `type` whose `ref` is `ref`, as a list at `url`. */
  list(type: string, ref: string, url: string): Promise<Json>;
}

export interface LinkBase {
  account: string;
  /** Unset outside a server: invoices then show no links. */
  publicUrl?: string;
}

export type LoadableType = 'price' | 'coupon' | 'discount' | 'tax_rate' | 'invoiceitem' | 'subscription_line';

/** A request on its way in: the route's pattern and its params, still raw strings. */
export interface RequestInput {
  method: string;
  /** The Fastify route pattern, e.g. `/v1/invoiceitems/:id`. */
  route: string;
  params: FormParams;
  /** Facts an old version implies that the newest params cannot say (read by services). */
  hints: RequestHints;
  /** Params renamed on the way in, newest name to the client's, so errors name what the client sent. */
  renames: Record<string, string>;
}

export interface VersionChange {
  /** The first version with the new behaviour; clients on older versions see the old one. */
  version: ApiVersion;
  title: string;
  description: string;
  /** Object types (the `object` field) whose shape this change touches. */
  resources: string[];
  /** Per object type: rewrite an object of the newer shape into the older one, in place. */
  response?: Record<string, (obj: Json, r: RenderCtx) => void | Promise<unknown>>;
  /** Rewrite old-version params into the newer shape, or reject params the old version did not know. */
  request?: (req: RequestInput) => void;
}

/** Routes by method and pattern, for request transforms. */
export function isRoute(req: RequestInput, method: string, ...routes: string[]): boolean {
  return req.method === method && routes.includes(req.route);
}

/**
 * Removes fields from a response object. Setting them undefined (JSON leaves them out)
 * instead of `delete` keeps V8's fast object shapes, which matters when a list of 100
 * objects is rewritten on every request.
 */
export function drop(obj: Json, ...keys: string[]): void {
  for (const k of keys) if (obj[k] !== undefined) obj[k] = undefined;
}
