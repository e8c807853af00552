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

/**
 * Accounts' default versions as this process last read them. A write without a Stripe-Version header
 * starts from the one remembered here instead of reading it first, and confirms it inside its own
 * transaction with a read that shares a round trip with the write's next statement
 * (confirmVersion): another process may have changed it since (POST /_invoicekit/account).
 */
const remembered = new Map<string, ApiVersion>();
/** Past this many accounts the memory starts over: a forgotten account costs one read, not a wrong answer. */
const REMEMBERED_MAX = 10_000;

function remember(account: string, v: ApiVersion | undefined): void {
  if (v === undefined) {
    remembered.delete(account);
    return;
  }
  if (remembered.size >= REMEMBERED_MAX && !remembered.has(account)) remembered.clear();
  remembered.set(account, v);
}

/** The account's default version as this process last read it, to be confirmed by confirmVersion; undefined when not known. */
export function rememberedVersionOf(account: string): ApiVersion | undefined {
  return remembered.get(account);
}

/** A write started from a remembered default version that is no longer the account's: it is run again from the start. */
export class AccountVersionChanged extends Error {
  constructor(readonly account: string) {
    super(`the default API version of ${account} changed`);
  }
}

/**
 * Inside a write: confirms that the account's default version is still `expected` (read in the
 * write's transaction, answered with its next statement). Rejects with AccountVersionChanged when not.
 */
export async function confirmVersion(db: Db, account: string, expected: ApiVersion): Promise<void> {
  const v = (await versionSql.rowsAhead(db, { account }))[0]?.default_api_version;
  if (v === expected) return;
  remember(account, undefined);
  throw new AccountVersionChanged(account);
}

/** The account's own default version; undefined while it has none yet (before its first write). */
export async function pinnedVersionOf(db: Db, account: string): Promise<ApiVersion | undefined> {
  const v = (await versionSql.rows(db, { account }))[0]?.default_api_version;
  const known = v !== undefined && isKnownVersion(v) ? v : undefined;
  remember(account, known);
  return known;
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
  // This process's next write reads it again (its transaction may yet roll back).
  remember(account, undefined);
  await settingsDb(db)
    .insertInto('account_settings')
    .values({ account, default_api_version: version, created: now })
    .onConflict((oc) => oc.column('account').doUpdateSet({ default_api_version: version }))
    .execute();
}
