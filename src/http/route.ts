// One wrapper around every API route: auth, Stripe-Version, params, the
// write transaction with its idempotency record, expand[], version rendering.
// Resource routes only say what to do with validated params.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from './auth.ts';
import { errors, StripeError } from './errors.ts';
import { parseForm, type FormParams } from './form.ts';
import { validateValue, s } from './params.ts';
import { expand } from './expand.ts';
import { KeptFailure } from './card-error.ts';
import { checkKey, findReplay, fingerprint, lockKey, saveResponse, type StoredResponse } from './idempotency.ts';
import { isRetryable } from '../store/conflicts.ts';
import type { Ctx, Clock } from './context.ts';
import type { Store } from '../store/db.ts';
import { isKnownVersion, type ApiVersion } from '../versions/registry.ts';
import { renderAtVersion } from '../versions/render.ts';
import { clientParamName, upgradeRequest } from '../versions/request.ts';
import { trackChanges } from '../events/change-log.ts';
import { recordEvents } from '../events/record.ts';
import type { Config } from '../config.ts';

export type Handler = (ctx: Ctx, params: FormParams, path: Record<string, string>) => Promise<object>;

export interface RouteDeps {
  store: Store;
  config: Config;
  clock: Clock;
  allowedKeys: ReadonlySet<string> | null;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  handler: Handler;
  /** Computes with writes that are then undone (invoice previews): the transaction always rolls back. */
  dryRun?: boolean;
}

/** Carries a dry run's response out of the transaction it rolls back. */
class DryRunResult extends Error {
  constructor(readonly response: StoredResponse) {
    super('dry run');
  }
}

const expandSchema = s.expand();

function apiVersionOf(request: FastifyRequest, fallback: ApiVersion): ApiVersion {
  const header = request.headers['stripe-version'];
  if (header === undefined) return fallback;
  const v = Array.isArray(header) ? header.join(', ') : header.trim();
  if (!isKnownVersion(v)) throw errors.invalidApiVersion(v);
  return v;
}

function paramsOf(request: FastifyRequest): FormParams {
  if (request.method === 'POST') {
    const body = request.body as FormParams | undefined | null;
    return body ?? {};
  }
  const url = request.raw.url ?? '';
  const q = url.indexOf('?');
  return q < 0 ? {} : parseForm(url.slice(q + 1));
}

/**
 * Runs a write transaction again when it lost a race to another request, in this process or
 * another one on the same PostgreSQL: a unique key a concurrent transaction inserted first (an
 * idempotency key: the rerun replays the winner's response; an invoice prefix: the rerun's
 * check answers with Stripe's error), a deadlock PostgreSQL broke, or RetryTransaction.
 * The failed attempt was rolled back whole, so the rerun starts from nothing.
 */
const MAX_ATTEMPTS = 4;
async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isRetryable(err)) throw err;
      if (i >= MAX_ATTEMPTS) throw errors.lockTimeout();
    }
  }
}

export function addRoute(app: FastifyInstance, deps: RouteDeps, def: RouteDef): void {
  app.route({
    method: def.method,
    url: def.url,
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const renames: Record<string, string> = {};
      try {
        return await handle(request, reply, renames);
      } catch (err) {
        // An old client's renamed param is named in errors as that client sent it.
        if (err instanceof StripeError && err.param !== undefined) {
          const named = clientParamName(err.param, renames);
          if (named !== err.param) throw err.withParam(named);
        }
        throw err;
      }
    },
  });

  async function handle(request: FastifyRequest, reply: FastifyReply, renames: Record<string, string>) {
    // `/v1/customers/` matches `:id` with an empty id; Stripe treats it as an unknown URL.
    for (const v of Object.values(request.params as Record<string, string>))
      if (v === '') throw errors.unrecognizedUrl(request.method, request.url.split('?')[0]);
    const account = authenticate(request.headers.authorization, deps.allowedKeys);
    const apiVersion = apiVersionOf(request, deps.config.apiVersion);
    reply.header('stripe-version', apiVersion);
    const keyHeader = request.headers['idempotency-key'];
    const key = def.method === 'POST' && typeof keyHeader === 'string' && keyHeader !== '' ? keyHeader : null;
    if (key !== null) {
      checkKey(key);
      reply.header('idempotency-key', key);
    }
    const all = paramsOf(request);
    const print = key === null ? '' : fingerprint(def.method, request.url.split('?')[0], all);
    const upgraded = upgradeRequest(apiVersion, def.method, def.url, all);
    Object.assign(renames, upgraded.renames);
    const hints = upgraded.hints;
    const { expand: rawExpand, ...params } = all;
    const expandPaths = rawExpand === undefined ? [] : (validateValue(expandSchema, rawExpand, 'expand') as string[]);
    const path = request.params as Record<string, string>;
    const now = deps.clock.now();
    const base: Omit<Ctx, 'db'> = {
      account,
      apiVersion,
      requestId: request.id,
      idempotencyKey: key,
      now,
      dialect: deps.store.dialect,
      hints,
      config: deps.config,
    };

    const run = async (ctx: Ctx): Promise<StoredResponse> => {
      const result = await def.handler(ctx, params, path);
      // A decline: its changes commit with the request, and the answer is the error.
      if (result instanceof KeptFailure)
        return { status: result.error.status, body: JSON.stringify(await renderAtVersion(result.error.toBody(), apiVersion, ctx)), requestId: request.id };
      if (expandPaths.length > 0) await expand(ctx, result, expandPaths);
      return { status: 200, body: JSON.stringify(await renderAtVersion(result, apiVersion, ctx)), requestId: request.id };
    };

    let response: StoredResponse;
    let replayed = false;
    if (def.method === 'GET' && !def.dryRun) {
      response = await run({ ...base, db: deps.store.db });
    } else {
      if (def.dryRun) {
        const dry = await deps.store.db
          .transaction()
          .execute(async (trx) => {
            throw new DryRunResult(await run({ ...base, db: trx }));
          })
          .catch((err: unknown) => {
            if (err instanceof DryRunResult) return err.response;
            throw err;
          });
        await deps.store.durable();
        return reply.code(dry.status).type('application/json').send(dry.body);
      }
      const attempt = () => deps.store.db.transaction().execute(async (trx) => {
        if (key !== null) {
          await lockKey(trx, deps.store.dialect, account, key);
          const prior = await findReplay(trx, account, key, print, now);
          if (prior) {
            replayed = true;
            return prior;
          }
        }
        const log = trackChanges(trx);
        const ctx = { ...base, db: trx };
        const out = await run(ctx);
        await recordEvents(ctx, log, { apiVersion: deps.config.apiVersion });
        if (key !== null) await saveResponse(trx, account, key, print, now, out);
        return out;
      });
      response = await withRetries(attempt);
    }
    // Nothing is answered before it is durable, reads included (they may have seen a write still in its group commit).
    await deps.store.durable();
    if (replayed) reply.header('idempotent-replayed', 'true').header('original-request', response.requestId);
    return reply.code(response.status).type('application/json').send(response.body);
  }
}
