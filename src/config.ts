// Configuration from CLI flags and environment, flags winning.
import { parseArgs } from 'node:util';
import { LATEST, isKnownVersion, type ApiVersion } from './versions/registry.ts';
import { STRIPE_TEST_MODE_SCHEDULE, parseSchedule } from './events/schedule.ts';

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
  /** Where customers reach this server (hosted invoice pages, PDFs); null: the address it listens on. */
  publicUrl: string | null;
  /** What the hosted invoice page and the PDF show as the seller. */
  display: DisplaySettings;
}

/** The account's public details, shown on hosted invoice pages and PDFs. */
export interface DisplaySettings {
  businessName: string;
  /** Lines of the business address. */
  businessAddress: string[];
  supportEmail: string | null;
  /** Shown under every invoice that has no footer of its own. */
  invoiceFooter: string | null;
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
  publicUrl: null,
  display: { businessName: 'InvoiceKit', businessAddress: [], supportEmail: null, invoiceFooter: null },
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
  --public-url URL          base of hosted invoice and PDF links, e.g. behind a proxy (env INVOICEKIT_PUBLIC_URL; default: the listen address)
  --business-name NAME      seller name on invoice pages and PDFs (env INVOICEKIT_BUSINESS_NAME, default ${DEFAULTS.display.businessName})
  --business-address TEXT   seller address, lines separated by | (env INVOICEKIT_BUSINESS_ADDRESS)
  --support-email EMAIL     contact shown on invoice pages and PDFs (env INVOICEKIT_SUPPORT_EMAIL)
  --invoice-footer TEXT     footer of invoices that have none of their own (env INVOICEKIT_INVOICE_FOOTER)
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
        'public-url': { type: 'string' },
        'business-name': { type: 'string' },
        'business-address': { type: 'string' },
        'support-email': { type: 'string' },
        'invoice-footer': { type: 'string' },
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
  const publicUrl = str('public-url', 'INVOICEKIT_PUBLIC_URL') ?? null;
  if (publicUrl !== null && !/^https?:\/\/[^/]/.test(publicUrl)) return { error: `--public-url must be an http(s) URL, not ${publicUrl}` };
  const address = str('business-address', 'INVOICEKIT_BUSINESS_ADDRESS');
  return {
    host: str('host', 'HOST') ?? DEFAULTS.host,
    port,
    databaseUrl: str('database-url', 'DATABASE_URL') ?? DEFAULTS.databaseUrl,
    apiKeys: keys ? keys.split(',').map((k) => k.trim()).filter(Boolean) : null,
    apiVersion,
    sqliteSync: sync,
    bodyLimit: DEFAULTS.bodyLimit,
    forwardTo,
    webhookRetrySchedule: schedule,
    webhookTimeout: timeout,
    workers,
    publicUrl: publicUrl === null ? null : publicUrl.replace(/\/+$/, ''),
    display: {
      businessName: str('business-name', 'INVOICEKIT_BUSINESS_NAME') ?? DEFAULTS.display.businessName,
      businessAddress: address ? address.split('|').map((l) => l.trim()).filter(Boolean) : [],
      supportEmail: str('support-email', 'INVOICEKIT_SUPPORT_EMAIL') ?? null,
      invoiceFooter: str('invoice-footer', 'INVOICEKIT_INVOICE_FOOTER') ?? null,
    },
  };
}
