// The modules of one app, checked and indexed: routes to register, expandable
// fields, the event rules of every object type, background jobs and timer handlers. Built once
// when the app starts; a missing dependency or a type declared twice fails here.
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../http/route.ts';
import type { ExpandLoaders, Loader } from '../http/expand.ts';
import type { EventRules } from '../events/from-changes.ts';
import type { BackgroundJob, ObjectType, ResourceModule } from './module.ts';
import { fireDueTimers, type ClockIntervals, type TimerHandler, type TimerHandlers } from '../work/timers.ts';

/** The one real-time job of the timers: every second, the timers due on the server's clock fire. */
const timersJob: BackgroundJob = { name: 'timers', everyMs: 1000, run: (env, clock) => fireDueTimers(env, clock) };

export interface ModuleRegistry {
  modules: readonly ResourceModule[];
  objectTypes: ReadonlyMap<string, ObjectType>;
  loaders: ExpandLoaders;
  events: EventRules;
  jobs: readonly BackgroundJob[];
  /** Every module's timer handlers, by kind. */
  timers: TimerHandlers;
  /** Every module's billing intervals on a test clock, together. */
  clockIntervals: ClockIntervals;
  registerRoutes(app: FastifyInstance, deps: RouteDeps): void;
}

export class ModuleError extends Error {}

export function buildRegistry(modules: readonly ResourceModule[]): ModuleRegistry {
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new ModuleError(`Module "${m.name}" is in the module list twice.`);
    names.add(m.name);
  }
  for (const m of modules)
    for (const dep of m.requires ?? [])
      if (!names.has(dep))
        throw new ModuleError(`Module "${m.name}" requires module "${dep}", which is not in the module list (src/resources/modules.ts).`);

  const objectTypes = new Map<string, ObjectType>();
  for (const m of modules)
    for (const t of m.objects) {
      if (objectTypes.has(t.type)) throw new ModuleError(`Object type "${t.type}" is declared by two modules (the second: "${m.name}").`);
      objectTypes.set(t.type, t);
    }

  const loaders = new Map<string, Loader>();
  for (const m of modules)
    for (const e of m.expandable ?? []) {
      const key = `${e.owner}:${e.path}`;
      if (loaders.has(key)) throw new ModuleError(`Expandable field ${e.owner}.${e.path} is declared twice (the second by "${m.name}").`);
      loaders.set(key, e.load);
    }

  const timers = new Map<string, TimerHandler>();
  for (const m of modules)
    for (const t of m.timers ?? []) {
      if (timers.has(t.kind)) throw new ModuleError(`Timer kind "${t.kind}" is handled by two modules (the second: "${m.name}").`);
      timers.set(t.kind, t);
    }

  const after = modules.flatMap((m) => (m.afterRecord ? [m.afterRecord] : []));
  const beforeHooks = modules.flatMap((m) => (m.beforeRecord ? [m.beforeRecord] : []));
  const events: EventRules = {
    kind: (type) => objectTypes.get(type)?.events,
    derive: (change, standard) => objectTypes.get(change.type)?.derive?.(change, standard) ?? standard,
    snapshot: async (ctx, obj, shared) => {
      const fn = objectTypes.get(obj.object as string)?.snapshot;
      return fn ? fn(ctx, obj, shared) : obj;
    },
    beforeRecord: async (ctx, changes) => {
      for (const fn of beforeHooks) await fn(ctx, changes);
    },
    afterRecord: async (ctx, recorded) => {
      for (const fn of after) await fn(ctx, recorded);
    },
  };

  return {
    modules,
    objectTypes,
    loaders,
    events,
    jobs: [...modules.flatMap((m) => m.jobs ?? []), ...(timers.size > 0 ? [timersJob] : [])],
    timers,
    clockIntervals: async (ctx, clock) => {
      const all = [];
      for (const m of modules) if (m.clockIntervals) all.push(...(await m.clockIntervals(ctx, clock)));
      return all;
    },
    registerRoutes(app, deps) {
      for (const m of modules) m.routes?.(app, deps);
    },
  };
}
