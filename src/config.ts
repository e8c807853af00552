// Configuration from CLI flags and environment, flags winning.
import { parseArgs } from 'node:util';
import { LATEST, isKnownVersion, type ApiVersion } from './versions/registry.ts';
import { STRIPE_TEST_MODE_SCHEDULE, parseSchedule } from './events/schedule.ts';
import { isLogLevel, type LogFormat, type LogLevel } from './logging/format.ts';
import { parseRule, parseRuleSpec, type RuleInput } from './faults/rules.ts';
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
  /** Days before a subscription renews that `invoice.upcoming` is sent (Stripe's "Upcoming renewal events" setting). */
  upcomingRenewalDays: number;
  /** Billing setting "subscription status after all retries fail" (charged automatically). */
  subscriptionAfterFinalRetry: SubscriptionOutcome;
  /** Billing setting for send_invoice subscriptions whose invoice stays unpaid this many days past its due date. */
  subscriptionOverdue: SubscriptionOutcome;
  subscriptionOverdueDays: number;
  /** PostgreSQL: seconds to get a connection (new, or a free one of the pool) before a request fails with 503. */
  databaseConnectTimeout: number;
  /** PostgreSQL: seconds one statement may run, lock waits included (statement_timeout). */
  databaseStatementTimeout: number;
  logFormat: LogFormat;
  logLevel: LogLevel;
  /** Fault rules for every account (--fault). */
  faults: RuleInput[];
  /** --seed FILE: the account of seedKey is replaced by this export at start. */
  seedFile: string | null;
  seedKey: string | null;
  /** Where customers reach this server (hosted invoice pages, PDFs); null: the address it listens on. */
  publicUrl: string | null;
  /** What the hosted invoice page and the PDF show as the seller. */
  display: DisplaySettings;
}

/** What a subscription becomes when its invoice stays unpaid (Stripe's subscription-status Billing settings). */
export type SubscriptionOutcome = 'cancel' | 'unpaid' | 'past_due';
const OUTCOMES: readonly SubscriptionOutcome[] = ['cancel', 'unpaid', 'past_due'];

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
  paymentRetrySchedule: DEFAULT_RETRY_OFFSETS,
  afterFinalRetry: 'leave_open',
  upcomingRenewalDays: 7,
  subscriptionAfterFinalRetry: 'cancel',
  subscriptionOverdue: 'past_due',
  subscriptionOverdueDays: 30,
  databaseConnectTimeout: 10,
  databaseStatementTimeout: 15,
  logFormat: 'human',
  logLevel: 'info',
  faults: [],
  seedFile: null,
  seedKey: null,
  publicUrl: null,
  display: { businessName: 'InvoiceKit', businessAddress: [], supportEmail: null, invoiceFooter: null },
};

/** The key forms --api-keys takes: test-mode secret keys, as the server accepts without the flag. */
export const TEST_KEY = /^sk_test_[A-Za-z0-9_]{1,247}$/;

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
  --upcoming-renewal-days D  days before a subscription renews that invoice.upcoming is sent
                            (env INVOICEKIT_UPCOMING_RENEWAL_DAYS, default ${DEFAULTS.upcomingRenewalDays})
  --subscription-after-final-retry S  cancel, unpaid or past_due: the subscription after its invoice's last failed retry
                            (env INVOICEKIT_SUBSCRIPTION_AFTER_FINAL_RETRY, default cancel)
  --subscription-overdue S  cancel, unpaid or past_due: a send_invoice subscription whose invoice is unpaid
                            --subscription-overdue-days after its due date (env INVOICEKIT_SUBSCRIPTION_OVERDUE, default past_due)
  --subscription-overdue-days N  days past the due date for --subscription-overdue (env INVOICEKIT_SUBSCRIPTION_OVERDUE_DAYS, default 30)
  --body-limit BYTES        largest request body accepted; larger ones get a 413 (env INVOICEKIT_BODY_LIMIT, default ${DEFAULTS.bodyLimit})
  --database-connect-timeout SECONDS    PostgreSQL: time to get a connection before a request fails (env INVOICEKIT_DATABASE_CONNECT_TIMEOUT, default ${DEFAULTS.databaseConnectTimeout})
  --database-statement-timeout SECONDS  PostgreSQL: time one statement may take (env INVOICEKIT_DATABASE_STATEMENT_TIMEOUT, default ${DEFAULTS.databaseStatementTimeout})
  --log-format human|json   log lines for people (default) or JSON lines (pino) for machines (env INVOICEKIT_LOG_FORMAT)
  --log-level LEVEL         info (a line per request and webhook attempt, default), warn, error or silent (env INVOICEKIT_LOG_LEVEL)
  --fault RULES             fail matching requests, e.g. "POST /v1/customers api_error count=1 when=after" (env INVOICEKIT_FAULTS)
  --seed FILE               replace the account of --seed-key with this export at start (env INVOICEKIT_SEED)
  --seed-key KEY            the account --seed fills (env INVOICEKIT_SEED_KEY; default: the first --api-keys key)
  --public-url URL          base of hosted invoice and PDF links, e.g. behind a proxy (env INVOICEKIT_PUBLIC_URL; default: the listen address)
  --business-name NAME      seller name on invoice pages and PDFs (env INVOICEKIT_BUSINESS_NAME, default ${DEFAULTS.display.businessName})
  --business-address TEXT   seller address, lines separated by | (env INVOICEKIT_BUSINESS_ADDRESS)
  --support-email EMAIL     contact shown on invoice pages and PDFs (env INVOICEKIT_SUPPORT_EMAIL)
  --invoice-footer TEXT     footer of invoices that have none of their own (env INVOICEKIT_INVOICE_FOOTER)
  --help                    this text

Usage: invoicekit seed FILE --seed-key KEY [--database-url URL]
  replaces that account's data with the export in FILE (made by GET /_invoicekit/export), then exits`;

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
        'subscription-after-final-retry': { type: 'string' },
        'subscription-overdue': { type: 'string' },
        'subscription-overdue-days': { type: 'string' },
        'body-limit': { type: 'string' },
        'database-connect-timeout': { type: 'string' },
        'database-statement-timeout': { type: 'string' },
        'log-format': { type: 'string' },
        'log-level': { type: 'string' },
        fault: { type: 'string' },
        seed: { type: 'string' },
        'seed-key': { type: 'string' },
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
  const keysText = str('api-keys', 'INVOICEKIT_API_KEYS');
  const keys = keysText ? keysText.split(',').map((k) => k.trim()).filter(Boolean) : null;
  const badKey = keys?.find((k) => !TEST_KEY.test(k));
  if (badKey !== undefined)
    return {
      error: `--api-keys takes test-mode secret keys only (sk_test_ followed by letters, digits and _), not ${badKey.slice(0, 8)}...: InvoiceKit has no live mode, and a live key must never be sent to it.`,
    };
  if (keys?.length === 0) return { error: '--api-keys is empty' };
  const logFormat = str('log-format', 'INVOICEKIT_LOG_FORMAT') ?? DEFAULTS.logFormat;
  if (logFormat !== 'human' && logFormat !== 'json') return { error: `--log-format must be human or json, not ${logFormat}` };
  const logLevel = str('log-level', 'INVOICEKIT_LOG_LEVEL') ?? DEFAULTS.logLevel;
  if (!isLogLevel(logLevel)) return { error: `--log-level must be trace, debug, info, warn, error, fatal or silent, not ${logLevel}` };
  const faultText = str('fault', 'INVOICEKIT_FAULTS');
  const faults = faultText === undefined ? [] : parseRuleSpec(faultText);
  if (typeof faults === 'string') return { error: faults };
  for (const f of faults) {
    const rule = parseRule(f, null);
    if (typeof rule === 'string') return { error: `--fault: ${rule}` };
  }
  const seedFile = str('seed', 'INVOICEKIT_SEED') ?? null;
  const seedKey = str('seed-key', 'INVOICEKIT_SEED_KEY') ?? keys?.[0] ?? null;
  if (seedKey !== null && !TEST_KEY.test(seedKey)) return { error: '--seed-key must be an sk_test_ key' };
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
  const upcomingText = str('upcoming-renewal-days', 'INVOICEKIT_UPCOMING_RENEWAL_DAYS');
  const upcomingRenewalDays = upcomingText === undefined ? DEFAULTS.upcomingRenewalDays : Number(upcomingText);
  if (!Number.isInteger(upcomingRenewalDays) || upcomingRenewalDays < 1 || upcomingRenewalDays > 60)
    return { error: `--upcoming-renewal-days must be a whole number of days from 1 to 60, not ${upcomingText}` };
  const outcome = (flag: string, envName: string, fallback: SubscriptionOutcome): SubscriptionOutcome | { error: string } => {
    const v = str(flag, envName) ?? fallback;
    return (OUTCOMES as readonly string[]).includes(v) ? (v as SubscriptionOutcome) : { error: `--${flag} must be cancel, unpaid or past_due, not ${v}` };
  };
  const subAfterRetry = outcome('subscription-after-final-retry', 'INVOICEKIT_SUBSCRIPTION_AFTER_FINAL_RETRY', DEFAULTS.subscriptionAfterFinalRetry);
  if (typeof subAfterRetry === 'object') return subAfterRetry;
  const subOverdue = outcome('subscription-overdue', 'INVOICEKIT_SUBSCRIPTION_OVERDUE', DEFAULTS.subscriptionOverdue);
  if (typeof subOverdue === 'object') return subOverdue;
  const overdueDaysText = str('subscription-overdue-days', 'INVOICEKIT_SUBSCRIPTION_OVERDUE_DAYS');
  const overdueDays = overdueDaysText === undefined ? DEFAULTS.subscriptionOverdueDays : Number(overdueDaysText);
  if (!Number.isInteger(overdueDays) || overdueDays < 0 || overdueDays > 730) return { error: `--subscription-overdue-days must be a whole number of days from 0 to 730, not ${overdueDaysText}` };
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
  const publicUrl = str('public-url', 'INVOICEKIT_PUBLIC_URL') ?? null;
  if (publicUrl !== null && !/^https?:\/\/[^/]/.test(publicUrl)) return { error: `--public-url must be an http(s) URL, not ${publicUrl}` };
  const address = str('business-address', 'INVOICEKIT_BUSINESS_ADDRESS');
  return {
    host: str('host', 'HOST') ?? DEFAULTS.host,
    port,
    databaseUrl: str('database-url', 'DATABASE_URL') ?? DEFAULTS.databaseUrl,
    apiKeys: keys,
    apiVersion,
    sqliteSync: sync,
    bodyLimit,
    forwardTo,
    webhookRetrySchedule: schedule,
    webhookTimeout: timeout,
    workers,
    paymentRetrySchedule: retries,
    afterFinalRetry,
    upcomingRenewalDays,
    subscriptionAfterFinalRetry: subAfterRetry,
    subscriptionOverdue: subOverdue,
    subscriptionOverdueDays: overdueDays,
    databaseConnectTimeout: connectTimeout,
    databaseStatementTimeout: statementTimeout,
    logFormat,
    logLevel,
    faults,
    seedFile,
    seedKey,
    publicUrl: publicUrl === null ? null : publicUrl.replace(/\/+$/, ''),
    display: {
      businessName: str('business-name', 'INVOICEKIT_BUSINESS_NAME') ?? DEFAULTS.display.businessName,
      businessAddress: address ? address.split('|').map((l) => l.trim()).filter(Boolean) : [],
      supportEmail: str('support-email', 'INVOICEKIT_SUPPORT_EMAIL') ?? null,
      invoiceFooter: str('invoice-footer', 'INVOICEKIT_INVOICE_FOOTER') ?? null,
    },
  };
}
