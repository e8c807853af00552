// An account's default API version, as a Stripe account has one: requests
// without a Stripe-Version header are answered in it, and events (hence webhook
// endpoints without an api_version) are rendered in it. An account takes the
// server's --api-version when it is first used (its first write), and keeps it
// until changed (POST /_invoicekit/account), whatever the server is restarted with.
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { Db } from '../store/db.ts';
import { compiled } from '../store/compiled.ts';
import { isKnownVersion, type ApiVersion } from '../versions/registry.ts';

export interface AccountSettingsTable {
  account: string;
  default_api_version: string;
  created: Generated<number>;
}

type WithSettings = Kysely<Database & { account_settings: AccountSettingsTable }>;
const settingsDb = (db: Db): WithSettings => db as unknown as WithSettings;

// Read on every request without a Stripe-Version header and in every write: compiled once.
const versionSql = compiled((db, a: { account: string }) =>
  settingsDb(db).selectFrom('account_settings').select('default_api_version').where('account', '=', a.account),
);

/** The account's own default version; undefined while it has none yet (before its first write). */
export async function pinnedVersionOf(db: Db, account: string): Promise<ApiVersion | undefined> {
  const v = (await versionSql.rows(db, { account }))[0]?.default_api_version;
  return v !== undefined && isKnownVersion(v) ? v : undefined;
}

/** The account's default version; the server's while the account has none yet. */
export async function defaultVersionOf(db: Db, account: string, serverDefault: ApiVersion): Promise<ApiVersion> {
  return (await pinnedVersionOf(db, account)) ?? serverDefault;
}

/** Inside a write: the account's default version, pinned to the server's on first use. */
export async function pinDefaultVersion(db: Db, account: string, serverDefault: ApiVersion, now: number): Promise<ApiVersion> {
  const row = (await versionSql.rows(db, { account }))[0];
  if (row !== undefined && isKnownVersion(row.default_api_version)) return row.default_api_version;
  await settingsDb(db)
    .insertInto('account_settings')
    .values({ account, default_api_version: serverDefault, created: now })
    .onConflict((oc) => oc.column('account').doNothing())
    .execute();
  return defaultVersionOf(db, account, serverDefault);
}

export async function setDefaultVersion(db: Db, account: string, version: ApiVersion, now: number): Promise<void> {
  await settingsDb(db)
    .insertInto('account_settings')
    .values({ account, default_api_version: version, created: now })
    .onConflict((oc) => oc.column('account').doUpdateSet({ default_api_version: version }))
    .execute();
}
