// One wrapper around every API route, as named protocol stages (stages/):
// path, auth, version, idempotency key, params, then the handler inside its
// unit of work (work/run.ts), expand, render. Resource routes only say what to
// do with validated params; storage and events are reached only through the unit of work.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors, StripeError } from './errors.ts';
import { stripePathParams } from './path-params.ts';
import { AccountVersionChanged, pinnedVersionOf, rememberedVersionOf } from '../accounts/default-version.ts';
import { KeptFailure } from './card-error.ts';
import { StoredAnswer } from './stored-answer.ts';
import { storedTextsShown } from '../versions/render.ts';
import type { FormParams } from './form.ts';
import type { ExpandLoaders } from './expand.ts';
import type { Ctx, Clock } from './context.ts';
import type { ApiVersion } from '../versions/registry.ts';
import { authStage, expandStage, idempotencyKeyStage, paramsStage, pathStage, renderStage, versionStage } from './stages/index.ts';
import { clientParamName } from '../versions/request.ts';
import { dryRun, read, writeRequest, type CtxBase, type StoredResponse, type WorkEnv } from '../work/run.ts';
import type { Config } from '../config.ts';

export type Handler = (ctx: Ctx, params: FormParams, path: Record<string, string>) => Promise<object>;

export interface RouteDeps {
  /** The store, the modules' event rules, and the version events are recorded in. */
  work: WorkEnv;
  config: Config;
  clock: Clock;
  allowedKeys: ReadonlySet<string> | null;
  /** Every module's expandable fields. */
  loaders: ExpandLoaders;
  /** The base of invoice links, as customers reach this server (see pages/public-base.ts). */
  publicUrl?: () => string | undefined;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  handler: Handler;
  /** Computes with writes that are then undone (invoice previews): the transaction always rolls back. */
  dryRun?: boolean;
}

export function addRoute(app: FastifyInstance, deps: RouteDeps, def: RouteDef): void {
  app.route({
    method: def.method,
    url: def.url,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const renames: Record<string, string> = {};
      try {
        return await handle(request, reply, renames);
      } catch (caught) {
        let err = caught;
        // Stripe's hints also weigh the route's path parameters.
        if (err instanceof StripeError && err.code === 'parameter_unknown' && err.known && err.param && !err.param.includes('[')) {
          const names = stripePathParams(def.url);
          if (names.length > 0) err = errors.unknownParam(err.param, [...err.known, ...names]);
        }
        // An old client's renamed param is named in errors as that client sent it.
        if (err instanceof StripeError && err.param !== undefined) {
          const named = clientParamName(err.param, renames);
          if (named !== err.param) throw err.withParam(named);
        }
        throw err;
      }
    },
  });

  // A write may start from the account's default version as this process remembers it: its transaction confirms it.
  const writes = def.method !== 'GET' && !def.dryRun;

  async function handle(request: FastifyRequest, reply: FastifyReply, renames: Record<string, string>, remembered = writes): Promise<FastifyReply> {
    const path = request.params as Record<string, string>;
    pathStage(request.method, request.url, path);
    const account = authStage(request.headers.authorization, deps.allowedKeys);
    // Without a Stripe-Version header: the account's default version.
    const header = request.headers['stripe-version'];
    const known = header === undefined && remembered ? rememberedVersionOf(account) : undefined;
    const pinned = header === undefined ? (known ?? (await pinnedVersionOf(deps.work.store.db, account))) : undefined;
    if (known === undefined) return handleAt(request, reply, renames, path, account, pinned, false);
    try {
      return await handleAt(request, reply, renames, path, account, pinned, true);
    } catch (err) {
      // Another process changed the account's default version since this one read it: everything
      // version-dependent (params, the answer, the events) is redone with the version read again.
      // A Stripe error met before the write confirmed it (a param refused at parse) is checked the same way.
      const changed =
        err instanceof AccountVersionChanged ||
        (err instanceof StripeError && (await pinnedVersionOf(deps.work.store.db, account).catch(() => known)) !== known);
      if (changed) return handle(request, reply, renames, false);
      throw err;
    }
  }

  async function handleAt(
    request: FastifyRequest,
    reply: FastifyReply,
    renames: Record<string, string>,
    path: Record<string, string>,
    account: string,
    pinned: ApiVersion | undefined,
    confirmAccountVersion: boolean,
  ): Promise<FastifyReply> {
    const apiVersion = versionStage(request.headers['stripe-version'], pinned ?? deps.config.apiVersion);
    reply.header('stripe-version', apiVersion);
    const key = idempotencyKeyStage(def.method, request.headers['idempotency-key']);
    if (key !== null) reply.header('idempotency-key', key);
    const req = paramsStage(apiVersion, def.method, def.url, request.url, request.body, key !== null);
    Object.assign(renames, req.renames);
    const base: CtxBase = {
      account, apiVersion, requestId: request.id, idempotencyKey: key, now: deps.clock.now(), hints: req.hints, expand: req.expand, publicUrl: deps.publicUrl?.(), config: deps.config,
      accountVersion: pinned,
      confirmAccountVersion,
    };

    const respond = async (ctx: Ctx): Promise<StoredResponse> => {
      const handled = await def.handler(ctx, req.params, path);
      // A decline: what it did commits with the unit of work, and the answer is the error.
      if (handled instanceof KeptFailure)
        return { status: handled.error.status, body: await renderStage(handled.error.toBody(), ctx), requestId: request.id };
      if (handled instanceof StoredAnswer && req.expand.length === 0 && storedTextsShown(handled.texts, ctx.apiVersion))
        return { status: 200, body: handled.text(), requestId: request.id };
      const result = handled instanceof StoredAnswer ? handled.parsed() : handled;
      if (req.expand.length > 0) await expandStage(ctx, result, req.expand, deps.loaders);
      return { status: 200, body: await renderStage(result, ctx), requestId: request.id };
    };

    let response: StoredResponse;
    let replayed = false;
    if (def.dryRun) response = await dryRun(deps.work, base, respond);
    else if (def.method === 'GET') response = await read(deps.work, base, respond);
    else ({ response, replayed } = await writeRequest(deps.work, base, key === null ? null : { key, fingerprint: req.fingerprint }, respond));
    // Nothing is answered before it is durable, reads included (they may have seen a write still in its group commit).
    await deps.work.store.durable();
    if (replayed) reply.header('idempotent-replayed', 'true').header('original-request', response.requestId);
    return reply.code(response.status).type('application/json').send(response.body);
  }
}
