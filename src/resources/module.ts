// A resource module: the one place a resource declares itself. app.ts registers
// the modules from one explicit list (modules.ts); nothing registers itself on
// import. A module that needs another imports that module's exported service
// functions and names it in `requires`, which is checked when the app is built.
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../http/route.ts';
import type { Loader } from '../http/expand.ts';
import type { Ctx } from '../http/context.ts';
import type { Columns, StoredObject } from '../store/objects.ts';
import type { EventKind, PendingEvent, SnapshotReads } from '../events/from-changes.ts';
import type { ObjectChange } from '../work/change-log.ts';
import type { Job } from '../work/jobs.ts';
import type { ClockIntervals, TimerHandler } from '../work/timers.ts';

/** One object type a module stores in the shared objects table. */
export interface ObjectType {
  /** The row's `type` (the API's `object`, or a stored-only type such as `deleted_coupon`). */
  type: string;
  /** The prefix of its ids (`cus`), or null for types that take another object's id. */
  idPrefix: string | null;
  /** What each filter column holds for this type. */
  columns?: { [K in keyof Columns]?: string };
  /** Which `<type>.*` events it has; absent: none. */
  events?: EventKind;
  /** Adds to or rewrites the standard events of one change (invoices: a status move's events). */
  derive?: (change: ObjectChange, standard: PendingEvent[]) => PendingEvent[];
  /** How it looks in an event when its stored document is not the whole API object. */
  snapshot?: (ctx: Ctx, obj: StoredObject, shared: SnapshotReads) => Promise<StoredObject>;
}

/** A field `expand[]` may replace with the object its id names. */
export interface Expandable {
  /**
   * The type the field is on (`invoice`), and its dotted path from that object (`from_invoice.invoice`).
   * A path `+field` is an includable field: absent unless expanded, loaded by the owner's id.
   */
  owner: string;
  path: string;
  load: Loader;
}

/** Work a module does on a timer, outside any request, through a unit of work of its own. */
export type BackgroundJob = Job;

export interface ResourceModule {
  /** The module's folder name under src/resources/. */
  name: string;
  /** Modules whose services this one calls: building an app without them fails at start. */
  requires?: readonly string[];
  objects: readonly ObjectType[];
  routes?: (app: FastifyInstance, deps: RouteDeps) => void;
  expandable?: readonly Expandable[];
  /**
   * Writes that follow from a unit of work's changes, made before its events are derived so that
   * they have events too (a subscription becoming active when its invoice is paid).
   */
  beforeRecord?: (ctx: Ctx, changes: readonly ObjectChange[]) => Promise<void>;
  /** Writes that follow from a unit of work's recorded events (invoices: the due-date watch). */
  afterRecord?: (ctx: Ctx, events: readonly PendingEvent[]) => Promise<void>;
  jobs?: readonly BackgroundJob[];
  /** What fires when this module's durable timers come due (work/timers.ts), one handler per kind. */
  timers?: readonly TimerHandler[];
  /** The billing intervals of this module's objects on a test clock (subscriptions): they limit one advance. */
  clockIntervals?: ClockIntervals;
}

/** The same loader for several fields of one type. */
export function expandable(owner: string, paths: readonly string[], load: Loader): Expandable[] {
  return paths.map((path) => ({ owner, path, load }));
}
