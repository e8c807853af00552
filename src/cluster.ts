// --workers N: the primary process forks N workers (node:cluster) that share the listening
// port. Each worker is a whole InvoiceKit with its own connection pool; everything that must
// hold across them (idempotency keys, invoice numbers, line caps, updates) is held by the
// database, with transactions and row locks, never by memory one process has, so N workers
// behave like N separately started processes on the same PostgreSQL, and those like one server.
import cluster from 'node:cluster';
import { isPostgresUrl } from './store/db.ts';
import type { Config } from './config.ts';

interface Announcement {
  invoicekit: 'announce';
  line: string;
  listening: boolean;
}

const isAnnouncement = (m: unknown): m is Announcement => (m as Announcement | null)?.invoicekit === 'announce';

/** True in the primary of a `--workers N` (N > 1) run: it forks and supervises, and serves nothing. */
export function isClusterPrimary(config: Config): boolean {
  return config.workers > 1 && cluster.isPrimary;
}

/** Why `--workers` cannot be used with this configuration, or null. */
export function workersProblem(config: Config): string | null {
  if (config.workers > 1 && !isPostgresUrl(config.databaseUrl))
    return (
      `--workers ${config.workers} needs PostgreSQL (--database-url postgres://...): a SQLite file has a single writer, ` +
      'so more processes on it would only queue behind each other. Use --workers 1 with SQLite.'
    );
  return null;
}

/**
 * Prints a start-up line. In a worker it goes to the primary, which prints each distinct line
 * once, and the listening line only when every worker listens (so whoever waits for it can send
 * requests to any of them).
 */
export function announce(line: string, listening = false): void {
  if (cluster.isWorker && process.send) process.send({ invoicekit: 'announce', line, listening } satisfies Announcement);
  else console.log(line);
}

/** How a server process is asked to stop: SIGINT or SIGTERM; a worker only by its primary's SIGTERM. */
export function onStopSignal(stop: () => void): void {
  if (cluster.isWorker) {
    // Ctrl-C reaches the whole process group; the primary stops the workers itself.
    process.on('SIGINT', () => undefined);
    process.once('SIGTERM', stop);
    return;
  }
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const HEALTHY_AFTER_MS = 30_000;
const MAX_REPLACE_DELAY_MS = 30_000;

/** The primary: forks the workers, prints their start-up lines, replaces a worker that dies, stops them all on a signal. */
export function runPrimary(config: Config): void {
  const n = config.workers;
  const listening = new Set<number>();
  const pending: string[] = [];
  const printed = new Set<string>();
  let started = false;
  let stopping = false;
  let exitCode = 0;

  const print = (line: string) => {
    if (printed.has(line)) return;
    printed.add(line);
    console.log(line);
  };

  /** When each worker was forked, and how many in a row died before HEALTHY_AFTER_MS. */
  const born = new Map<number, number>();
  let quickDeaths = 0;

  const fork = () => {
    const worker = cluster.fork();
    born.set(worker.id, Date.now());
    worker.on('message', (m: unknown) => {
      if (!isAnnouncement(m)) return;
      if (m.listening) listening.add(worker.id);
      if (started) return print(m.line);
      if (!pending.includes(m.line)) pending.push(m.line);
      if (listening.size === n) {
        started = true;
        for (const line of pending) print(line);
      }
    });
  };

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const alive = Object.values(cluster.workers ?? {});
    if (alive.length === 0) process.exit(exitCode);
    for (const w of alive) w?.process.kill('SIGTERM');
  };

  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    const how = signal ?? `code ${code}`;
    if (!started) {
      // A worker that cannot start (database unreachable, port taken) will not start when forked again.
      console.error(`InvoiceKit worker ${worker.process.pid} exited (${how}) before listening; stopping.`);
      return stop(1);
    }
    // Workers that keep dying young are replaced ever more slowly (0.5 s doubling up to 30 s), never in a tight loop.
    const lived = Date.now() - (born.get(worker.id) ?? 0);
    born.delete(worker.id);
    quickDeaths = lived < HEALTHY_AFTER_MS ? quickDeaths + 1 : 0;
    const delay = quickDeaths <= 1 ? 0 : Math.min(MAX_REPLACE_DELAY_MS, 500 * 2 ** (quickDeaths - 2));
    console.error(`InvoiceKit worker ${worker.process.pid} exited (${how}); starting another${delay > 0 ? ` in ${delay / 1000} s` : ''}.`);
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });

  for (let i = 0; i < n; i++) fork();
  process.once('SIGINT', () => stop(0));
  process.once('SIGTERM', () => stop(0));
}
