// Configuration from CLI flags and environment, flags winning.
import { parseArgs } from 'node:util';
import { LATEST, isKnownVersion, type ApiVersion } from './versions/registry.ts';
import { STRIPE_TEST_MODE_SCHEDULE, parseSchedule } from './events/schedule.ts';
import { DEFAULT_RETRY_OFFSETS } from './billing/payment-retries.ts';

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  /** When set, only these secret keys get in; otherwise any sk_test_ key opens its own account. */
  apiKeys: string[] | null;
  apiVersion: ApiVersion;
  sqliteSync: 'full' | 'normal';
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Every event of every account is also delivered here, like `stripe listen --forward-to`. */
  forwardTo: string | null;
  /** Seconds before each webhook retry (default: Stripe's test-mode schedule, see events/schedule.ts). */
  webhookRetrySchedule: readonly number[];
  /** Seconds a webhook endpoint has to answer. */
  webhookTimeout: number;
  /** Server processes sharing the port (node:cluster); more than 1 needs PostgreSQL. */
  workers: number;
  /** Seconds after an invoice's first payment attempt of each automatic retry (billing/payment-retries.ts). */
  paymentRetrySchedule: readonly number[];
  /** What happens to an invoice when its last automatic retry fails. */
  afterFinalRetry: 'leave_open' | 'mark_uncollectible' | 'void';
  /** PostgreSQL: seconds to get a connection (new, or a free one of the pool) before a request fails with 503. */
  databaseConnectTimeout: number;
  /** PostgreSQL: seconds one statement may run, lock waits included (statement_timeout). */
  databaseStatementTimeout: number;
}

export const DEFAULTS: Config = {
  host: '127.0.0.1',
  port: 12111,
  databaseUrl: './data/invoicekit.sqlite',
  apiKeys: null,
  apiVersion: LATEST,
  sqliteSync: 'normal',
  bodyLimit: 1024 * 1024,
  forwardTo: null,
  webhookRetrySchedule: STRIPE_TEST_MODE_SCHEDULE,
  webhookTimeout: 10,
  workers: 1,
  paymentRetrySchedule: DEFAULT_RETRY_OFFSETS,
  afterFinalRetry: 'leave_open',
  databaseConnectTimeout: 10,
  databaseStatementTimeout: 15,
};

const HELP = `Usage: invoicekit [options]
  --host HOST               listen address (env HOST, default ${DEFAULTS.host})
  --port PORT               listen port (env PORT, default ${DEFAULTS.port})
  --database-url URL        SQLite file path or postgres:// URL (env DATABASE_URL, default ${DEFAULTS.databaseUrl})
  --api-keys K1,K2          accept only these secret keys (env INVOICEKIT_API_KEYS; default: any sk_test_ key)
  --api-version VERSION     default Stripe-Version (env STRIPE_API_VERSION, default ${LATEST})
  --sqlite-sync full|normal fsync every commit (full) or survive process kills only (normal; env INVOICEKIT_SQLITE_SYNC)
  --forward-to URL          also deliver every event to URL, signed with a secret printed at start (env INVOICEKIT_FORWARD_TO)
  --webhook-retry-schedule S  seconds before each webhook retry, e.g. 1,2,4 (env INVOICEKIT_WEBHOOK_RETRY_SCHEDULE; default 1800,3600,7200)
  --webhook-timeout SECONDS seconds an endpoint has to answer (env INVOICEKIT_WEBHOOK_TIMEOUT, default ${DEFAULTS.webhookTimeout})
  --workers N               server processes sharing the port, PostgreSQL only (env INVOICEKIT_WORKERS, default 1)
  --payment-retry-schedule S  seconds after the first failed automatic invoice payment of each retry, e.g. 60,120
                            (env INVOICEKIT_PAYMENT_RETRY_SCHEDULE; default 1,3,5,7,9,11,14 days: 8 tries within 2 weeks)
  --after-final-retry A     leave_open, mark_uncollectible or void: the invoice after its last failed retry
                            (env INVOICEKIT_AFTER_FINAL_RETRY, default leave_open)
  --body-limit BYTES        largest request body accepted; larger ones get a 413 (env INVOICEKIT_BODY_LIMIT, default ${DEFAULTS.bodyLimit})
  --database-connect-timeout SECONDS    PostgreSQL: time to get a connection before a request fails (env INVOICEKIT_DATABASE_CONNECT_TIMEOUT, default ${DEFAULTS.databaseConnectTimeout})
  --database-statement-timeout SECONDS  PostgreSQL: time one statement may take (env INVOICEKIT_DATABASE_STATEMENT_TIMEOUT, default ${DEFAULTS.databaseStatementTimeout})
  --help                    this text`;

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): Config | { help: string } | { error: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'database-url': { type: 'string' },
        'api-keys': { type: 'string' },
        'api-version': { type: 'string' },
        'sqlite-sync': { type: 'string' },
        'forward-to': { type: 'string' },
        'webhook-retry-schedule': { type: 'string' },
        'webhook-timeout': { type: 'string' },
        workers: { type: 'string' },
        'payment-retry-schedule': { type: 'string' },
        'after-final-retry': { type: 'string' },
        'body-limit': { type: 'string' },
        'database-connect-timeout': { type: 'string' },
        'database-statement-timeout': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (err) {
    return { error: `${(err as Error).message}\n\n${HELP}` };
  }
  if (values.help) return { help: HELP };
  const str = (flag: string, envName: string): string | undefined => {
    const v = values[flag];
    return typeof v === 'string' ? v : env[envName] || undefined;
  };
  const port = Number(str('port', 'PORT') ?? DEFAULTS.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: `Invalid port: ${str('port', 'PORT')}` };
  const apiVersion = str('api-version', 'STRIPE_API_VERSION') ?? LATEST;
  if (!isKnownVersion(apiVersion)) return { error: `Unknown API version: ${apiVersion}` };
  const sync = str('sqlite-sync', 'INVOICEKIT_SQLITE_SYNC') ?? DEFAULTS.sqliteSync;
  if (sync !== 'full' && sync !== 'normal') return { error: `--sqlite-sync must be full or normal, not ${sync}` };
  const keys = str('api-keys', 'INVOICEKIT_API_KEYS');
  const forwardTo = str('forward-to', 'INVOICEKIT_FORWARD_TO') ?? null;
  if (forwardTo !== null && !/^https?:\/\/[^/]/.test(forwardTo)) return { error: `--forward-to must be an http(s) URL, not ${forwardTo}` };
  const scheduleText = str('webhook-retry-schedule', 'INVOICEKIT_WEBHOOK_RETRY_SCHEDULE');
  const schedule = scheduleText === undefined ? DEFAULTS.webhookRetrySchedule : parseSchedule(scheduleText);
  if (typeof schedule === 'string') return { error: schedule };
  const timeout = Number(str('webhook-timeout', 'INVOICEKIT_WEBHOOK_TIMEOUT') ?? DEFAULTS.webhookTimeout);
  if (!Number.isFinite(timeout) || timeout <= 0) return { error: `--webhook-timeout must be a positive number of seconds` };
  const workersText = str('workers', 'INVOICEKIT_WORKERS');
  const workers = workersText === undefined ? DEFAULTS.workers : Number(workersText);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) return { error: `--workers must be a whole number from 1 to 64, not ${workersText}` };
  const retryText = str('payment-retry-schedule', 'INVOICEKIT_PAYMENT_RETRY_SCHEDULE');
  const retries = retryText === undefined ? DEFAULTS.paymentRetrySchedule : parseSchedule(retryText);
  if (typeof retries === 'string') return { error: retries.replace('webhook retry schedule', 'payment retry schedule') };
  const afterFinalRetry = str('after-final-retry', 'INVOICEKIT_AFTER_FINAL_RETRY') ?? DEFAULTS.afterFinalRetry;
  if (afterFinalRetry !== 'leave_open' && afterFinalRetry !== 'mark_uncollectible' && afterFinalRetry !== 'void')
    return { error: `--after-final-retry must be leave_open, mark_uncollectible or void, not ${afterFinalRetry}` };
  const seconds = (flag: string, envName: string, fallback: number): number | string => {
    const text = str(flag, envName);
    const v = text === undefined ? fallback : Number(text);
    return Number.isFinite(v) && v > 0 && v <= 3600 ? v : `--${flag} must be a number of seconds above 0 and at most 3600, not ${text}`;
  };
  const connectTimeout = seconds('database-connect-timeout', 'INVOICEKIT_DATABASE_CONNECT_TIMEOUT', DEFAULTS.databaseConnectTimeout);
  if (typeof connectTimeout === 'string') return { error: connectTimeout };
  const statementTimeout = seconds('database-statement-timeout', 'INVOICEKIT_DATABASE_STATEMENT_TIMEOUT', DEFAULTS.databaseStatementTimeout);
  if (typeof statementTimeout === 'string') return { error: statementTimeout };
  const bodyLimitText = str('body-limit', 'INVOICEKIT_BODY_LIMIT');
  const bodyLimit = bodyLimitText === undefined ? DEFAULTS.bodyLimit : Number(bodyLimitText);
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1024 || bodyLimit > 1024 * 1024 * 1024)
    return { error: `--body-limit must be a whole number of bytes from 1024 to 1073741824, not ${bodyLimitText}` };
  return {
    host: str('host', 'HOST') ?? DEFAULTS.host,
    port,
    databaseUrl: str('database-url', 'DATABASE_URL') ?? DEFAULTS.databaseUrl,
    apiKeys: keys ? keys.split(',').map((k) => k.trim()).filter(Boolean) : null,
    apiVersion,
    sqliteSync: sync,
    bodyLimit,
    forwardTo,
    webhookRetrySchedule: schedule,
    webhookTimeout: timeout,
    workers,
    paymentRetrySchedule: retries,
    afterFinalRetry,
    databaseConnectTimeout: connectTimeout,
    databaseStatementTimeout: statementTimeout,
  };
}
