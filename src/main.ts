// The CLI: flags and env -> open the store -> listen. The only file that listens.
import { loadConfig } from './config.ts';
import { openStore } from './store/db.ts';
import { buildApp } from './app.ts';
import { pruneKeys } from './http/idempotency.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.argv.slice(2), process.env);
  if ('help' in config) {
    console.log(config.help);
    return;
  }
  if ('error' in config) {
    console.error(config.error);
    process.exit(2);
  }
  const store = await openStore(config.databaseUrl, { sqliteSync: config.sqliteSync });
  const app = buildApp({ store, config, logger: true });
  const prune = () => pruneKeys(store.db, Math.floor(Date.now() / 1000)).catch(() => undefined);
  await prune();
  const timer = setInterval(prune, 60 * 60 * 1000);
  timer.unref();
  const address = await app.listen({ host: config.host, port: config.port });
  const where = /^postgres/.test(config.databaseUrl) ? 'PostgreSQL' : config.databaseUrl;
  console.log(`InvoiceKit listening on ${address} (data: ${where}, API version ${config.apiVersion})`);

  const shutdown = async () => {
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
