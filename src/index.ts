// The package entry: `import { startInvoiceKit } from 'invoicekit'`, an InvoiceKit inside a
// test suite's own process.
import { DEFAULTS, TEST_KEY, type Config } from './config.ts';
import { isKnownVersion, LATEST } from './versions/registry.ts';
import { createLog, type LogSink } from './logging/logger.ts';
import type { LogFormat, LogLevel } from './logging/format.ts';
import type { RuleInput } from './faults/rules.ts';
import { resetData, runServer } from './server.ts';

export type { LogFormat, LogLevel, LogSink };

export interface InvoiceKitOptions {
  /** Default 0: a free port (read it back from `port` or `url`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** `':memory:'` (the default: fastest, gone at close), a SQLite file path, or a postgres:// URL. */
  database?: string;
  /** Only these sk_test_ keys get in; default: any sk_test_ key, each its own account. */
  apiKeys?: string[];
  /** API version for requests without a Stripe-Version header; default the newest. */
  apiVersion?: string;
  /** SQLite file: 'normal' (default) or 'full' (fsync every commit). */
  sqliteSync?: 'normal' | 'full';
  /** Also deliver every event to this URL. */
  forwardTo?: string;
  /** Seconds before each webhook retry; tests want e.g. [1, 2]. */
  webhookRetrySchedule?: number[];
  /** Seconds a webhook endpoint has to answer. */
  webhookTimeout?: number;
  /** Default 'warn': a test run's output stays quiet; 'info' logs every request and webhook attempt. */
  logLevel?: LogLevel;
  logFormat?: LogFormat;
  /** Where log lines go; default stdout. */
  logDestination?: LogSink;
  /** Fault rules for every account, as POST /_invoicekit/faults takes them. */
  faults?: RuleInput[];
  /** Fills the account of `key` with an export file (GET /_invoicekit/export) before listening. */
  seed?: { file: string; key: string };
}

export interface InvoiceKit {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  host: string;
  /** `new Stripe(key, kit.stripeOptions)` points the official SDK here. */
  stripeOptions: { host: string; port: number; protocol: 'http' };
  /** Deletes every object of the account of `key`, or of every account. */
  reset(key?: string): Promise<void>;
  /** Stops: requests under way finish, pending writes commit, the database closes. */
  close(): Promise<void>;
}

function configFrom(o: InvoiceKitOptions): Config {
  if (o.apiVersion !== undefined && !isKnownVersion(o.apiVersion)) throw new Error(`Unknown API version: ${o.apiVersion}`);
  const bad = o.apiKeys?.find((k) => !TEST_KEY.test(k));
  if (bad !== undefined) throw new Error(`apiKeys takes sk_test_ keys only, not ${bad.slice(0, 8)}...`);
  return {
    ...DEFAULTS,
    host: o.host ?? DEFAULTS.host,
    port: o.port ?? 0,
    databaseUrl: o.database ?? ':memory:',
    apiKeys: o.apiKeys ?? null,
    apiVersion: (o.apiVersion as Config['apiVersion'] | undefined) ?? LATEST,
    sqliteSync: o.sqliteSync ?? DEFAULTS.sqliteSync,
    forwardTo: o.forwardTo ?? null,
    webhookRetrySchedule: o.webhookRetrySchedule ?? DEFAULTS.webhookRetrySchedule,
    webhookTimeout: o.webhookTimeout ?? DEFAULTS.webhookTimeout,
    logFormat: o.logFormat ?? 'human',
    logLevel: o.logLevel ?? 'warn',
  };
}

export async function startInvoiceKit(options: InvoiceKitOptions = {}): Promise<InvoiceKit> {
  const config = configFrom(options);
  const log = createLog({ format: config.logFormat, level: config.logLevel, destination: options.logDestination });
  const server = await runServer(config, log, options.seed ?? null, options.faults ?? []);
  const host = config.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`,
    port: server.port,
    host,
    stripeOptions: { host, port: server.port, protocol: 'http' },
    reset: (key) => resetData(server.store, key),
    close: () => server.close(),
  };
}
