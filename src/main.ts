// The CLI: flags and env -> open the store -> listen. The only file that listens.
import { loadConfig } from './config.ts';
import { openStoreWhenReachable } from './store/open-when-reachable.ts';
import { buildApp, workEnv } from './app.ts';
import { resourceModules } from './resources/modules.ts';
import { buildRegistry } from './resources/registry.ts';
import { startJobs } from './work/jobs.ts';
import { systemClock } from './http/context.ts';
import { pruneKeys } from './store/idempotency-keys.ts';
import { startDelivery } from './events/deliver.ts';
import { announce, isClusterPrimary, onStopSignal, runPrimary, workersProblem } from './cluster.ts';

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
  const problem = workersProblem(config);
  if (problem) {
    console.error(problem);
    process.exit(2);
  }
  // --workers N: this process only forks and watches the workers, which run the rest of main().
  if (isClusterPrimary(config)) return runPrimary(config);
  const store = await openStoreWhenReachable(config.databaseUrl, {
    sqliteSync: config.sqliteSync,
    connectTimeout: config.databaseConnectTimeout,
    statementTimeout: config.databaseStatementTimeout,
  });
  const app = buildApp({ store, config, logger: true });
  const prune = () => pruneKeys(store.db, Math.floor(Date.now() / 1000)).catch(() => undefined);
  await prune();
  const timer = setInterval(prune, 60 * 60 * 1000);
  timer.unref();
  const delivery = await startDelivery(store, config);
  const jobs = startJobs(workEnv(store, config), buildRegistry(resourceModules).jobs, systemClock);
  const address = await app.listen({ host: config.host, port: config.port });
  const where = /^postgres/.test(config.databaseUrl) ? 'PostgreSQL' : config.databaseUrl;
  const workers = config.workers > 1 ? `, ${config.workers} workers` : '';
  announce(`InvoiceKit listening on ${address} (data: ${where}, API version ${config.apiVersion}${workers})`, true);
  if (config.forwardTo) announce(`Ready! Your webhook signing secret is ${delivery.forwardSecret} (forwarding every event to ${config.forwardTo})`);

  const shutdown = async () => {
    await app.close();
    await jobs.stop();
    await delivery.stop();
    await store.close();
    process.exit(0);
  };
  onStopSignal(shutdown);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
