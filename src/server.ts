// One running InvoiceKit: the store opened, the app built, webhook delivery started,
// listening. Used by the command line (main.ts) and by the package's startInvoiceKit (index.ts).
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { isPostgresUrl, type Store } from './store/db.ts';
import { openStoreWhenReachable } from './store/open-when-reachable.ts';
import { buildApp, workEnv } from './app.ts';
import { pruneKeys } from './store/idempotency-keys.ts';
import { resourceModules } from './resources/modules.ts';
import { buildRegistry } from './resources/registry.ts';
import { startJobs } from './work/jobs.ts';
import { systemClock } from './http/context.ts';
import { authenticate } from './http/auth.ts';
import { startDelivery, type Deliverer } from './events/deliver.ts';
import { FaultRules, parseRule, type RuleInput } from './faults/rules.ts';
import { importAccount, resetAccount } from './helpers-api/account-data.ts';
import type { Log } from './logging/logger.ts';

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  delivery: Deliverer;
  faults: FaultRules;
  /** http://host:port */
  url: string;
  port: number;
  /** The start-up line (without the log format). */
  banner: string;
  /** Finishes requests under way, stops delivery, commits and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export interface Seed {
  file: string;
  key: string;
}

/** Replaces the account of `key` with the export in `file` (`invoicekit seed` and --seed). */
export async function seedFromFile(store: Store, seed: Seed, allowed: ReadonlySet<string> | null): Promise<Record<string, number>> {
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(seed.file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read seed file ${seed.file}: ${(err as Error).message}`);
  }
  const account = authenticate(`Bearer ${seed.key}`, allowed);
  const result = await importAccount(store, account, doc);
  if ('error' in result) throw new Error(`Cannot seed from ${seed.file}: ${result.error}`);
  return result.imported;
}

/** What the start-up line says about storage: the engine and its file or host, and the sync mode. */
export function describeStorage(config: Config): string {
  if (isPostgresUrl(config.databaseUrl)) {
    const u = new URL(config.databaseUrl);
    return `PostgreSQL ${u.hostname || 'local socket'}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  }
  const file = config.databaseUrl.replace(/^sqlite:(\/\/)?/, '');
  const where = file === ':memory:' ? 'in memory' : file;
  return `SQLite ${where}, synchronous=${config.sqliteSync === 'full' ? 'FULL' : 'NORMAL'}`;
}

export async function runServer(config: Config, log: Log, seed: Seed | null = null, faultRules: RuleInput[] = []): Promise<RunningServer> {
  const faults = new FaultRules();
  for (const input of faultRules) {
    const rule = parseRule(input, null);
    if (typeof rule === 'string') throw new Error(`Invalid fault rule: ${rule}`);
    faults.add(rule);
  }
  // A database still starting (or restarting) is waited for, not a reason to exit.
  const store = await openStoreWhenReachable(config.databaseUrl, {
    sqliteSync: config.sqliteSync,
    connectTimeout: config.databaseConnectTimeout,
    statementTimeout: config.databaseStatementTimeout,
  });
  const allowed = config.apiKeys ? new Set(config.apiKeys) : null;
  try {
    if (seed) await seedFromFile(store, seed, allowed);
  } catch (err) {
    await store.close();
    throw err;
  }
  const app = buildApp({ store, config, log, faults });
  const prune = () => pruneKeys(store.db, Math.floor(Date.now() / 1000)).catch(() => undefined);
  await prune();
  const timer = setInterval(prune, 60 * 60 * 1000);
  timer.unref();
  const delivery = await startDelivery(store, config, undefined, { onAttempt: (d) => log.delivery(d) });
  const jobs = startJobs(workEnv(store, config), buildRegistry(resourceModules).jobs, systemClock);
  let address: string;
  try {
    address = await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    clearInterval(timer);
    await jobs.stop();
    await delivery.stop();
    await store.close();
    throw err;
  }
  const port = (app.server.address() as { port: number }).port;
  const keys = config.apiKeys ? `keys restricted to ${config.apiKeys.length} (--api-keys)` : 'any sk_test_ key';
  const workers = config.workers > 1 ? `; ${config.workers} workers` : '';
  const banner = `InvoiceKit listening on ${address} (${describeStorage(config)}; API version ${config.apiVersion}; ${keys}${workers})`;
  let closing: Promise<void> | null = null;
  return {
    app,
    store,
    delivery,
    faults,
    url: address,
    port,
    banner,
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        // In-flight requests finish (new ones get 503), idle keep-alive connections close.
        await app.close();
        await jobs.stop();
        await delivery.stop();
        // The last group commit is flushed before the database closes.
        await store.close();
        log.flush();
      })();
      return closing;
    },
  };
}

/** Deletes everything of the account of `key`, or of every account. */
export async function resetData(store: Store, key?: string): Promise<void> {
  await resetAccount(store, key === undefined ? null : authenticate(`Bearer ${key}`, null));
}
