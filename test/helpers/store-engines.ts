// Store-level tests that run on both engines: a store on an in-memory SQLite database, or on a
// schema of its own in TEST_DATABASE_URL's PostgreSQL (skipped without one).
import { openStore, type Store } from '../../src/store/db.ts';
import { createSchema } from './server.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

export const STORE_ENGINES = ['SQLite', 'PostgreSQL'] as const;
export type StoreEngine = (typeof STORE_ENGINES)[number];

/** For `describe`'s options: why the engine's tests are skipped here, or false. */
export const skipUnless = (engine: StoreEngine): string | false => (engine === 'PostgreSQL' && !pgUrl ? 'no TEST_DATABASE_URL' : false);

export async function openEngineStore(engine: StoreEngine): Promise<{ store: Store; done(): Promise<void> }> {
  if (engine === 'SQLite') {
    const store = await openStore(':memory:');
    return { store, done: () => store.close() };
  }
  const schema = await createSchema(pgUrl!);
  const store = await openStore(schema.url);
  return { store, done: async () => (await store.close(), await schema.drop()) };
}
