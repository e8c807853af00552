// The servers under test, each in a process of its own, so the load generator
// (this process) never competes with them inside one event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Target {
  name: string;
  base: string;
  /** The process that serves (for its memory); undefined when several do (`--workers`). */
  pid?: number;
  stop(): Promise<void>;
}

/** The compiled server, as `npm start` runs it: `npm run bench` builds it first. */
const MAIN = 'dist/main.js';

/**
 * The node options InvoiceKit runs with: those of `npm start` (package.json), so the bench measures the server
 * as it is started; BENCH_NODE_FLAGS replaces them (`BENCH_NODE_FLAGS=` for none) to weigh a flag's cost.
 */
function serverNodeFlags(): string[] {
  const fromEnv = process.env.BENCH_NODE_FLAGS;
  if (fromEnv !== undefined) return fromEnv.split(/\s+/).filter(Boolean);
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const m = /\bnode((?:\s+--\S+)*)\s+dist\/main\.js/.exec(start);
  return m ? m[1].split(/\s+/).filter(Boolean) : [];
}

/** Spawns `node <script> ...args` (plain JavaScript: no loader in the measured process) and waits for the line `pattern` captures a base URL from. */
async function spawnServer(name: string, args: string[], pattern: RegExp, cleanup = () => {}): Promise<Target> {
  if (args[0] === MAIN && !existsSync(join(ROOT, MAIN))) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm run bench does)`);
  const flags = args[0] === MAIN ? serverNodeFlags() : [];
  const child: ChildProcess = spawn(process.execPath, [...flags, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '', INVOICEKIT_API_KEYS: '', NODE_ENV: 'production' },
  });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 30 s: ${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = pattern.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening: ${stderr}`));
    });
  });
  return {
    name,
    base,
    pid: args.includes('--workers') && args[args.indexOf('--workers') + 1] !== '1' ? undefined : child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      cleanup();
    },
  };
}

/** A bare node:http server answering a fixed small JSON: what Node itself can do. */
export function startCeiling(): Promise<Target> {
  return spawnServer('ceiling', ['bench/lib/ceiling-server.mjs'], /ceiling listening on (http:\/\/\S+)/);
}

/** InvoiceKit's HTTP layer with nothing behind its route (bench/lib/floor-server.mjs): what the framework costs. */
export function startFloor(): Promise<Target> {
  return spawnServer('floor', ['bench/lib/floor-server.mjs'], /floor listening on (http:\/\/\S+)/);
}

/** The real InvoiceKit (compiled), on a fresh SQLite file with the default durability settings. */
export function startInvoiceKit(extraArgs: string[] = []): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-bench-'));
  return spawnServer(
    'invoicekit',
    [MAIN, '--host', '127.0.0.1', '--port', '0', '--database-url', join(dir, 'bench.sqlite'), ...extraArgs],
    /InvoiceKit listening on (http:\/\/\S+)/,
    () => rmSync(dir, { recursive: true, force: true }),
  );
}

/** InvoiceKit on the database `url` names (a SQLite file or a postgres:// URL), with extra flags such as `--workers 2`; `cleanup` runs after it stopped. */
export function startInvoiceKitOn(url: string, extraArgs: string[] = [], cleanup: () => void = () => {}): Promise<Target> {
  return spawnServer(
    'invoicekit',
    [MAIN, '--host', '127.0.0.1', '--port', '0', '--database-url', url, ...extraArgs],
    /InvoiceKit listening on (http:\/\/\S+)/,
    cleanup,
  );
}
