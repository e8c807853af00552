// A real InvoiceKit listening on a free port, over a fresh SQLite file (or a fresh
// schema in the PostgreSQL database TEST_DATABASE_URL names), and clients for it: the official stripe
// SDK and raw HTTP for wire details.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { buildApp, workEnv } from '../../src/app.ts';
import { inUnitOfWork } from '../../src/work/run.ts';
import { LATEST } from '../../src/versions/registry.ts';
import pg from 'pg';
import { isPostgresUrl, openStore, type Store } from '../../src/store/db.ts';
import { objectLoader } from '../../src/store/objects.ts';
import { DEFAULTS, type Config } from '../../src/config.ts';
import type { Ctx } from '../../src/http/context.ts';
import { authenticate } from '../../src/http/auth.ts';
import { renderAtVersion } from '../../src/versions/render.ts';
import { schemaProblems } from './openapi.ts';

/** Every response the suite receives is also checked against Stripe's 2023-08-16 schemas, rendered at that version. */
export const SCHEMA_VERSION = '2023-08-16';

/**
 * TEST_API_VERSION pins the SDK clients (and raw requests) of a run to that version,
 * for the test files written against objects whose shape is the same at both ends
 * (CI runs them again at 2023-08-16; their responses are then schema-checked as sent).
 */
export const TEST_API_VERSION = process.env.TEST_API_VERSION || undefined;

export interface TestServer {
  port: number;
  /** Schema violations seen so far (close() fails the file when there are any). */
  schemaViolations: string[];
  base: string;
  store: Store;
  /** A fresh account's key: every call opens an account no other test sees. */
  newKey(): string;
  stripe(key?: string, options?: Stripe.StripeConfig): Stripe;
  /** A client of a fresh account (its lists hold only what the test made), and its key. */
  fresh(): { key: string; stripe: Stripe };
  /** A client at the newest version, whatever version the run pins (the default account unless `key`). */
  newest(key?: string): Stripe;
  /** Runs service code directly, in one unit of work (its events recorded), as the account of `key` (at unix time `now`). */
  asAccount<T>(key: string, fn: (ctx: Ctx) => Promise<T>, now?: number): Promise<T>;
  http(method: string, path: string, init?: RawInit): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawInit {
  key?: string | null;
  body?: string;
  headers?: Record<string, string>;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

/**
 * On PostgreSQL every test server gets a schema of its own in the TEST_DATABASE_URL database
 * (dropped on close): what one file's server leaves behind (an events outbox another file's
 * killed processes left gaps in, webhook cursors) never slows or changes another file's.
 * The migrations run into it like into a fresh database.
 */
export async function createSchema(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create schema ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), drop: () => admin(`drop schema ${schema} cascade`) };
}

/** A form-encoded body from flat params. */
export const form = (params: Record<string, string>): string => new URLSearchParams(params).toString();

export function newKey(): string {
  return `sk_test_${randomBytes(12).toString('hex')}`;
}

export async function startServer(config: Partial<Config> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-test-'));
  const pgSchema = isPostgresUrl(process.env.TEST_DATABASE_URL ?? '') ? await createSchema(process.env.TEST_DATABASE_URL!) : null;
  const url = pgSchema?.url ?? join(dir, 'test.sqlite');
  // Generous PostgreSQL waits: the concurrency tests queue hundreds of requests on one row lock, which on a
  // loaded machine outlasts the production defaults (outages are tested with those, in db-restart.test.ts).
  const store = await openStore(url, { connectTimeout: 60, statementTimeout: 60 });
  const app = buildApp({ store, config });
  const schemaViolations: string[] = [];
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || !String(reply.getHeader('content-type') ?? '').includes('json')) return payload;
    const sent = String(reply.getHeader('stripe-version') ?? '');
    let body: any;
    try {
      body = JSON.parse(payload);
    } catch {
      return payload;
    }
    if (sent === SCHEMA_VERSION || body.error) {
      if (sent === SCHEMA_VERSION || body.error) schemaViolations.push(...schemaProblems(body).map((p) => `${request.method} ${request.url}: ${p}`));
      return payload;
    }
    if (sent !== (config.apiVersion ?? LATEST) && sent !== LATEST) return payload;
    // The same response, rendered for a client pinned at the schema's version.
    const account = authenticate(request.headers.authorization, config.apiKeys ? new Set(config.apiKeys) : null);
    const old = await renderAtVersion(body, SCHEMA_VERSION, objectLoader({ account, db: store.db }), { account });
    schemaViolations.push(...schemaProblems(old).map((p) => `${request.method} ${request.url} (rendered at ${SCHEMA_VERSION}): ${p}`));
    return payload;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  const defaultKey = newKey();
  function stripe(key = defaultKey, options: Stripe.StripeConfig = {}): Stripe {
    return new Stripe(key, {
      host: '127.0.0.1',
      port,
      protocol: 'http',
      maxNetworkRetries: 0,
      ...(TEST_API_VERSION ? { apiVersion: TEST_API_VERSION as any } : {}),
      ...options,
    });
  }
  return {
    port,
    schemaViolations,
    base,
    store,
    newKey,
    stripe,
    fresh() {
      const key = newKey();
      return { key, stripe: stripe(key) };
    },
    newest: (key = defaultKey) => stripe(key, { apiVersion: LATEST as any }),
    // A write outside a request: the same unit of work as a request's, so its events are recorded too.
    asAccount: (key, fn, now = Math.floor(Date.now() / 1000)) =>
      inUnitOfWork(workEnv(store, { apiVersion: config.apiVersion ?? DEFAULTS.apiVersion }), {
        account: authenticate(`Bearer ${key}`, null), apiVersion: LATEST, requestId: 'req_test', idempotencyKey: null, now,
      }, fn),
    async http(method, path, init = {}) {
      const headers: Record<string, string> = { ...(TEST_API_VERSION ? { 'stripe-version': TEST_API_VERSION } : {}), ...init.headers };
      const key = init.key === undefined ? defaultKey : init.key;
      if (key !== null) headers.authorization = `Bearer ${key}`;
      if (init.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = 'application/x-www-form-urlencoded';
      const res = await fetch(base + path, { method, headers, body: init.body });
      const text = await res.text();
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, json, text };
    },
    async close() {
      await app.close();
      if (schemaViolations.length > 0)
        throw new Error(`Responses that break Stripe's ${SCHEMA_VERSION} schema:\n${[...new Set(schemaViolations)].slice(0, 40).join('\n')}`);
      await store.close();
      await pgSchema?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
