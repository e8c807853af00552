// The servers under test, each in a process of its own, so the load generator
// (this process) never competes with them inside one event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Target {
  name: string;
  base: string;
  stop(): Promise<void>;
}

/** Spawns `node --import tsx <script> ...args` and waits for the line `pattern` captures a base URL from. */
async function spawnServer(name: string, args: string[], pattern: RegExp, cleanup = () => {}): Promise<Target> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...args], {
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
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      cleanup();
    },
  };
}

/** A bare node:http server answering a fixed small JSON: what Node itself can do. */
export function startCeiling(): Promise<Target> {
  return spawnServer('ceiling', ['bench/lib/ceiling-server.ts'], /ceiling listening on (http:\/\/\S+)/);
}

/** The real InvoiceKit, on a fresh SQLite file with the default durability settings. */
export function startInvoiceKit(extraArgs: string[] = []): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-bench-'));
  return spawnServer(
    'invoicekit',
    ['src/main.ts', '--host', '127.0.0.1', '--port', '0', '--database-url', join(dir, 'bench.sqlite'), ...extraArgs],
    /InvoiceKit listening on (http:\/\/\S+)/,
    () => rmSync(dir, { recursive: true, force: true }),
  );
}

/** InvoiceKit on the database `url` names (a SQLite file or a postgres:// URL), with extra flags such as `--workers 2`; `cleanup` runs after it stopped. */
export function startInvoiceKitOn(url: string, extraArgs: string[] = [], cleanup: () => void = () => {}): Promise<Target> {
  return spawnServer(
    'invoicekit',
    ['src/main.ts', '--host', '127.0.0.1', '--port', '0', '--database-url', url, ...extraArgs],
    /InvoiceKit listening on (http:\/\/\S+)/,
    cleanup,
  );
}
