#!/usr/bin/env node
// The command line (`invoicekit`, `npm start`): flags and env -> a running server, stopped by
// SIGTERM or SIGINT; or `invoicekit seed FILE` to fill an account and exit.
import { loadConfig, type Config } from './config.ts';
import { openStore } from './store/db.ts';
import { createLog } from './logging/logger.ts';
import { runServer, seedFromFile } from './server.ts';
import { announce, isClusterPrimary, onStopSignal, runPrimary, workersProblem } from './cluster.ts';
import { releaseMemoryWhenIdle } from './memory/idle-release.ts';

/** A stop that hangs (a request that never ends) must not keep a supervisor waiting. */
const FORCED_EXIT_MS = 10_000;

function configOrExit(argv: string[]): Config | null {
  const config = loadConfig(argv, process.env);
  if ('help' in config) {
    console.log(config.help);
    return null;
  }
  if ('error' in config) {
    console.error(config.error);
    process.exit(2);
  }
  return config;
}

async function seedCommand(argv: string[]): Promise<void> {
  const [file, ...rest] = argv;
  if (!file || file.startsWith('--')) {
    console.error('Usage: invoicekit seed FILE --seed-key KEY [--database-url URL]');
    process.exit(2);
  }
  const config = configOrExit(rest);
  if (!config) return;
  if (!config.seedKey) {
    console.error('invoicekit seed needs the key of the account to fill: --seed-key sk_test_...');
    process.exit(2);
  }
  const store = await openStore(config.databaseUrl, { sqliteSync: config.sqliteSync });
  try {
    const imported = await seedFromFile(store, { file, key: config.seedKey }, config.apiKeys ? new Set(config.apiKeys) : null);
    const rows = Object.entries(imported).map(([t, n]) => `${n} ${t}`).join(', ');
    console.log(`Seeded the account of ${config.seedKey.slice(0, 12)}... from ${file}: ${rows || 'nothing'}`);
  } finally {
    await store.close();
  }
}

/**
 * Started by npm (`npm start`, `npx invoicekit`, a package script), the server stops when the
 * process that started it is gone. `npx` runs a bin through `sh -c`, and npm passes SIGTERM to
 * that shell, which dies of it without passing it on; npm killed with SIGKILL passes nothing.
 * Either way this process is left orphaned, and stops as if it had been sent SIGTERM. Outside
 * npm, an orphan is left alone (`nohup invoicekit &` is meant to outlive its shell).
 */
function stopWithNpm(stop: () => void): void {
  if (!process.env.npm_lifecycle_event && !process.env.npm_command) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 250);
  timer.unref();
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === 'seed') return seedCommand(argv.slice(1));
  const config = configOrExit(argv);
  if (!config) return;
  const problem = workersProblem(config);
  if (problem) {
    console.error(problem);
    process.exit(2);
  }
  // --workers N: this process only forks and watches the workers, which run the rest of main().
  if (isClusterPrimary(config)) return runPrimary(config);
  if (config.seedFile && !config.seedKey) {
    console.error('--seed needs the key of the account to fill: --seed-key sk_test_... (or --api-keys)');
    process.exit(2);
  }
  const log = createLog({ format: config.logFormat, level: config.logLevel });
  const seed = config.seedFile ? { file: config.seedFile, key: config.seedKey! } : null;
  const server = await runServer(config, log, seed, config.faults);
  announce(log.notice(server.banner, { url: server.url }), true);
  if (config.forwardTo)
    announce(log.notice(`Ready! Your webhook signing secret is ${server.delivery.forwardSecret} (forwarding every event to ${config.forwardTo})`));

  // A long-running server gives back what a burst of requests left behind (memory/idle-release.ts).
  const idle = releaseMemoryWhenIdle();

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    idle.stop();
    setTimeout(() => {
      console.error(`InvoiceKit did not stop within ${FORCED_EXIT_MS / 1000} s; exiting.`);
      process.exit(1);
    }, FORCED_EXIT_MS).unref();
    server.close().then(
      () => {
        console.log(log.notice('InvoiceKit stopped'));
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`Error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  onStopSignal(shutdown);
  stopWithNpm(shutdown);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
