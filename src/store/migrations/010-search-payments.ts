// Charges and PaymentIntents became searchable: index the ones stored before.
import type { Kysely } from 'kysely';
import { reindexType } from '../../search/index-writer.ts';
import { charges } from '../../search/tables/charges.ts';
import { paymentIntents } from '../../search/tables/payment-intents.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await reindexType(db, charges);
  await reindexType(db, paymentIntents);
}
