// Migrations run at start, each once, in order, recorded in a table of their own.
import { sql, type Kysely } from 'kysely';
import type { Dialect } from './db.ts';
import * as m001 from './migrations/001-initial.ts';
import * as m002 from './migrations/002-events.ts';
import * as m003 from './migrations/003-webhooks.ts';
import * as m004 from './migrations/004-account-settings.ts';
import * as m005 from './migrations/005-search.ts';
import * as m006 from './migrations/006-webhook-attempts.ts';
import * as m007 from './migrations/007-collection.ts';
import * as m008 from './migrations/008-timers.ts';
import * as m009 from './migrations/009-subscriptions.ts';
import * as m010 from './migrations/010-search-payments.ts';
import * as m011 from './migrations/011-invoice-link-backfill.ts';
import * as m012 from './migrations/012-refund-settlement.ts';
import * as m013 from './migrations/013-refund-settlement-timers.ts';

type Migration = { up(db: Kysely<any>, dialect: Dialect): Promise<void> };
const MIGRATIONS: [string, Migration][] = [
  ['001-initial', m001],
  ['002-events', m002],
  ['003-webhooks', m003],
  ['004-account-settings', m004],
  ['005-search', m005],
  ['006-webhook-attempts', m006],
  ['007-collection', m007],
  ['008-timers', m008],
  ['009-subscriptions', m009],
  ['010-search-payments', m010],
  ['011-invoice-link-backfill', m011],
  ['012-refund-settlement', m012],
  ['013-refund-settlement-timers', m013],
];

export async function migrate(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Two sessions running `create table if not exists` at once can both try to create it
    // (PostgreSQL then fails one on its catalog's unique index): under the lock, one does.
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(724311)`.execute(trx);
    await sql`create table if not exists invoicekit_migrations (name text primary key, applied_at bigint not null)`.execute(trx);
  });
  for (const [name, migration] of MIGRATIONS) {
    await db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') {
        // Several processes may start at once on one database: one migrates, the others wait.
        await sql`select pg_advisory_xact_lock(724311)`.execute(trx);
      }
      const done = await sql<{ name: string }>`select name from invoicekit_migrations where name = ${name}`.execute(trx);
      if (done.rows.length > 0) return;
      await migration.up(trx, dialect);
      await sql`insert into invoicekit_migrations (name, applied_at) values (${name}, ${Math.floor(Date.now() / 1000)})`.execute(trx);
    });
  }
}
