// Configuration from CLI flags and environment, flags winning.
import { parseArgs } from 'node:util';
import { LATEST, isKnownVersion, type ApiVersion } from './versions/registry.ts';

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
}

export const DEFAULTS: Config = {
  host: '127.0.0.1',
  port: 12111,
  databaseUrl: './data/invoicekit.sqlite',
  apiKeys: null,
  apiVersion: LATEST,
  sqliteSync: 'normal',
  bodyLimit: 1024 * 1024,
};

const HELP = `Usage: invoicekit [options]
  --host HOST               listen address (env HOST, default ${DEFAULTS.host})
  --port PORT               listen port (env PORT, default ${DEFAULTS.port})
  --database-url URL        SQLite file path or postgres:// URL (env DATABASE_URL, default ${DEFAULTS.databaseUrl})
  --api-keys K1,K2          accept only these secret keys (env INVOICEKIT_API_KEYS; default: any sk_test_ key)
  --api-version VERSION     default Stripe-Version (env STRIPE_API_VERSION, default ${LATEST})
  --sqlite-sync full|normal fsync every commit (full) or survive process kills only (normal; env INVOICEKIT_SQLITE_SYNC)
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
  return {
    host: str('host', 'HOST') ?? DEFAULTS.host,
    port,
    databaseUrl: str('database-url', 'DATABASE_URL') ?? DEFAULTS.databaseUrl,
    apiKeys: keys ? keys.split(',').map((k) => k.trim()).filter(Boolean) : null,
    apiVersion,
    sqliteSync: sync,
    bodyLimit: DEFAULTS.bodyLimit,
  };
}
