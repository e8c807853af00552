// Real server processes (`src/main.ts`) for the tests that need them: durability
// across kill -9, several processes on one PostgreSQL. Raw HTTP, no SDK, so
// nothing retries behind the test's back.
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { MAIN, REPO, serverArgs } from './repo.ts';

const children = new Set<ChildProcess>();

export const PG_URL = /^postgres(ql)?:\/\//.test(process.env.TEST_DATABASE_URL ?? '') ? process.env.TEST_DATABASE_URL! : null;
export const NEEDS_PG = 'needs TEST_DATABASE_URL (PostgreSQL)';

export interface Engine {
  name: 'SQLite' | 'PostgreSQL';
  /** Where a test's server keeps its data: a fresh SQLite file under `dir`, or the one PostgreSQL database (tests use their own accounts). */
  url(name: string): string;
  /** node:test's skip option: PostgreSQL runs only with TEST_DATABASE_URL. */
  skip: false | string;
}

export function engines(dir: string): Engine[] {
  return [
    { name: 'SQLite', url: (name) => join(dir, `${name}.sqlite`), skip: false },
    { name: 'PostgreSQL', url: () => PG_URL ?? '', skip: PG_URL ? false : NEEDS_PG },
  ];
}

/** Kills every process started here that is still running (call it in `after`). */
export function killAll(): void {
  for (const c of children) c.kill('SIGKILL');
}

/** Polls `fn` every 200 ms until it gives a value, failing the test after `timeoutMs`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A test file's processes and what to undo after it: push each started process to `running`
 * (stopped with SIGTERM and waited for) and each cleanup to `drops` (run after them, in order).
 */
export function afterProcesses(): { running: Running[]; drops: (() => void | Promise<void>)[] } {
  const running: Running[] = [];
  const drops: (() => void | Promise<void>)[] = [];
  after(async () => {
    for (const r of running) r.child.kill('SIGTERM');
    await Promise.all(running.map((r) => r.exited));
    killAll();
    for (const drop of drops) await drop();
  });
  return { running, drops };
}

export interface Running {
  base: string;
  /** The start-up line. */
  banner: string;
  /** Every stdout line so far (log lines included). */
  lines: string[];
  /** Everything written to stderr so far. */
  stderr(): string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
  /** What the process (and its workers) wrote to stderr so far. */
  stderr(): string;
}

/**
 * Starts `src/main.ts` on a free port over `databaseUrl` (a SQLite file or a postgres:// URL),
 * resolving once it prints where it listens (with `--workers N`, once every worker listens).
 */
export async function startProcess(databaseUrl: string, extraArgs: string[] = [], startTimeoutMs = 60_000): Promise<Running> {
  const args = serverArgs(['--host', '127.0.0.1', '--port', '0', '--database-url', databaseUrl, ...extraArgs]);
  const child = spawn(process.execPath, args, {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '', INVOICEKIT_API_KEYS: '', INVOICEKIT_WORKERS: '' },
  });
  children.add(child);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => (children.delete(child), resolve(signal ?? String(code)))));
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const lines: string[] = [];
  let banner = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${startTimeoutMs / 1000} s; stderr: ${stderr}`)), startTimeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      const m = /InvoiceKit listening on (http:\/\/[^\s]+)/.exec(line);
      if (m && !banner) {
        banner = line;
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${how}) before listening; stderr: ${stderr}`));
    });
  });
  return { base, banner, lines, stderr: () => stderr, child, exited };
}

/** Pids of a process's worker children (Linux /proc; tsx may also have an esbuild child). */
export function workerPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(MAIN)) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export interface OwnCluster {
  url: string;
  /** Stops the cluster as `pg_ctl restart -m fast` does (every connection cut), keeps it down `seconds`, starts it again. */
  restart(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

const run = promisify(execFile);
const SCRIPT = join(REPO, 'scripts/pg-cluster.sh');

/**
 * A PostgreSQL cluster of the test's own (scripts/pg-cluster.sh), for tests that stop or restart
 * it: the shared TEST_DATABASE_URL server must never go down under other test files.
 */
export async function ownCluster(): Promise<OwnCluster> {
  // Short: the socket path must fit in 107 bytes.
  const dir = mkdtempSync('/tmp/ik-pg.');
  const { stdout } = await run('bash', [SCRIPT, 'start', dir, 'off']);
  return {
    url: stdout.trim(),
    restart: async (seconds) => void (await run('bash', [SCRIPT, 'restart', dir, String(seconds)])),
    stop: async () => {
      await run('bash', [SCRIPT, 'stop', dir]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function call(base: string, key: string, method: string, path: string, body?: string, idempotencyKey?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

/** Like `call`, and fails the test unless the answer is a 200. */
export async function ok(base: string, key: string, method: string, path: string, body?: string): Promise<any> {
  const res = await call(base, key, method, path, body);
  assert.equal(res.status, 200, `${method} ${path}: ${res.text}`);
  return res.json;
}

/** Every object of a list endpoint, following starting_after. */
export async function listAll(base: string, key: string, path: string): Promise<any[]> {
  const out: any[] = [];
  let after = '';
  const sep = path.includes('?') ? '&' : '?';
  for (;;) {
    const res = await call(base, key, 'GET', `${path}${sep}limit=100${after ? `&starting_after=${after}` : ''}`);
    assert.equal(res.status, 200, res.text);
    out.push(...res.json.data);
    if (!res.json.has_more) return out;
    after = res.json.data[res.json.data.length - 1].id;
  }
}

/** Runs `fn` over `items` with at most `limit` at once; results in order. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
