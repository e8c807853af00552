// Subscriptions become searchable (/v1/subscriptions/search): index any stored before.
// Subscriptions themselves need no table of their own: they are objects, their renewals timers.
import type { Kysely } from 'kysely';
import { subscriptions } from '../../search/tables/subscriptions.ts';
import { reindexType } from '../../search/index-writer.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await reindexType(db, subscriptions);
}
