// npm run profile: where the time of each hot path goes, measured in ways a busy machine does
// not change. For each scenario, a fresh compiled server (dist/, as `npm start` runs it) on a
// fresh database; then
//   - statements per request: requests sent one at a time, every statement the store sends
//     counted (INVOICEKIT_COUNT_STATEMENTS=1), listed by SQL text; and the same under load,
//     where SQLite's group commit shares one COMMIT among the requests of a turn;
//   - a CPU profile of the server under load (inspector, 100 µs sampling), summarized by area
//     (a package, node itself, a folder of dist/), by file and by function, self and inclusive
//     shares of the busy (non-idle) time, and CPU microseconds per request for each;
//   - SQLite: each statement's time in SQLite under that load (the main thread's calls into it,
//     per call and per request), the WAL bytes the main thread wrote per request, and how
//     often and how long the WAL bound held writes off (src/store/wal-bound.ts).
//
//   PROFILE_SCENARIOS    comma list (default create,create-idempotent,list,retrieve)
//   PROFILE_SECONDS      seconds of profiled load per scenario (default 5)
//   PROFILE_CONNECTIONS  concurrent connections (default 16)
//   PROFILE_DATABASE_URL a postgres:// server to profile on instead of a fresh SQLite file
//                        (each scenario gets a fresh database of its own in it)
//   PROFILE_TOP          rows per table (default 12)
//   PROFILE_OUT          where the .cpuprofile files go, for Chrome DevTools (default bench/results/)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROOT } from './lib/processes.ts';
import { runLoad, type LoadSpec } from './lib/load.ts';
import { api, auth, newKey, times } from './lib/scenario.ts';
import { summarize, type CpuProfile, type Share } from './lib/cpu-profile.ts';
import { freshDatabase } from './lib/postgres.ts';

interface ProfileScenario {
  name: string;
  /** Sets up an account and returns the request to repeat. */
  prepare(base: string): Promise<LoadSpec>;
}

async function writer(base: string): Promise<{ key: string; body: string }> {
  const key = newKey();
  const customer = await api(base, key, 'POST', '/v1/customers', 'name=Profile+writer');
  return { key, body: `customer=${customer.id}&amount=1000&currency=usd` };
}

/** An account with 100 items, as the bench's list scenario has. */
async function reader(base: string): Promise<{ key: string; item: string }> {
  const key = newKey();
  const customer = await api(base, key, 'POST', '/v1/customers', 'name=Profile+reader');
  let item = '';
  await times(100, 4, async (i) => {
    item = (await api(base, key, 'POST', '/v1/invoiceitems', `customer=${customer.id}&amount=${100 + i}&currency=usd`)).id;
  });
  return { key, item };
}

const SCENARIOS: ProfileScenario[] = [
  {
    name: 'create',
    async prepare(base) {
      const w = await writer(base);
      return { method: 'POST', path: '/v1/invoiceitems', headers: auth(w.key), body: w.body };
    },
  },
  {
    name: 'create-idempotent',
    async prepare(base) {
      const w = await writer(base);
      return { method: 'POST', path: '/v1/invoiceitems', headers: { ...auth(w.key), 'idempotency-key': 'profile-[<id>]' }, body: w.body, idReplacement: true };
    },
  },
  {
    name: 'list',
    async prepare(base) {
      const r = await reader(base);
      return { method: 'GET', path: '/v1/invoiceitems?limit=10', headers: auth(r.key) };
    },
  },
  {
    name: 'retrieve',
    async prepare(base) {
      const r = await reader(base);
      return { method: 'GET', path: `/v1/invoiceitems/${r.item}`, headers: auth(r.key) };
    },
  },
];

const env = (name: string, fallback: string) => process.env[name] || fallback;
const seconds = Number(env('PROFILE_SECONDS', '5'));
const connections = Number(env('PROFILE_CONNECTIONS', '16'));
const top = Number(env('PROFILE_TOP', '12'));
const outDir = env('PROFILE_OUT', join(ROOT, 'bench/results'));
const wanted = env('PROFILE_SCENARIOS', SCENARIOS.map((s) => s.name).join(',')).split(',').map((s) => s.trim());
const onPostgres = process.env.PROFILE_DATABASE_URL !== undefined && process.env.PROFILE_DATABASE_URL !== '';
const unknown = wanted.filter((w) => !SCENARIOS.some((s) => s.name === w));
if (unknown.length) throw new Error(`unknown PROFILE_SCENARIOS: ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);

/** The compiled server in a child process, driven over IPC (lib/profiled-server.mjs). */
class ProfiledServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly base: string,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(): Promise<ProfiledServer> {
    let url: string;
    let cleanup: () => Promise<void>;
    if (onPostgres) {
      process.env.BENCH_DATABASE_URL = process.env.PROFILE_DATABASE_URL;
      const db = await freshDatabase();
      url = db.url;
      cleanup = () => db.drop();
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'invoicekit-profile-'));
      url = join(dir, 'profile.sqlite');
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    const child = fork(join(ROOT, 'bench/lib/profiled-server.mjs'), ['--host', '127.0.0.1', '--port', '0', '--database-url', url, '--log-level', 'warn'], {
      cwd: ROOT,
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '', INVOICEKIT_API_KEYS: '', NODE_ENV: 'production', INVOICEKIT_COUNT_STATEMENTS: '1' },
    });
    const first = await new Promise<{ url: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { url: string }));
      child.once('exit', (code) => reject(new Error(`the profiled server exited (${code}) before listening`)));
    });
    return new ProfiledServer(child, first.url, cleanup);
  }

  ask<T>(cmd: string): Promise<T> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (m) => ((m as { error?: string }).error ? reject(new Error((m as { error: string }).error)) : resolve(m as T)));
      this.child.send({ cmd });
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ cmd: 'exit' });
    await exited;
    await this.cleanup();
  }
}

interface Statements {
  total: number;
  /** PostgreSQL: round trips (waits for an answer); 0 on SQLite. */
  waits: number;
  bySql: [string, number][];
  /** SQLite: microseconds in SQLite per SQL text. */
  microsBySql: [string, number][];
}

/** `n` requests one after another: each one's statements, none shared with another request. */
async function sequential(base: string, spec: LoadSpec, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const headers: Record<string, string> = { ...spec.headers };
    for (const [k, v] of Object.entries(headers)) headers[k] = v.replace('[<id>]', randomBytes(8).toString('hex'));
    if (spec.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(base + spec.path, { method: spec.method, headers, body: spec.body });
    await res.text();
    if (!res.ok) throw new Error(`${spec.method} ${spec.path} -> ${res.status}`);
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

function table(title: string, rows: Share[], perRequest: number, order: 'self' | 'inclusive', n: number, width = 78): void {
  console.log(`\n  ${title} (by ${order})`);
  console.log(`  ${pad('', width)}  ${'self'.padStart(6)}  ${'incl'.padStart(6)}  ${'self µs/req'.padStart(11)}  ${'incl µs/req'.padStart(11)}`);
  for (const r of [...rows].sort((a, b) => b[order] - a[order]).slice(0, n))
    console.log(
      `  ${pad(r.name, width)}  ${pct(r.self)}  ${pct(r.inclusive)}  ${(r.self * perRequest).toFixed(1).padStart(11)}  ${(r.inclusive * perRequest).toFixed(1).padStart(11)}`,
    );
}

function statementList(s: Statements, requests: number): void {
  for (const [text, count] of [...s.bySql].sort((a, b) => b[1] - a[1]))
    console.log(`    ${(count / requests).toFixed(2).padStart(5)}  ${text.replace(/\s+/g, ' ').slice(0, 150)}`);
}

/** SQLite: each statement's time in SQLite under load (the main thread's calls into it), per call and per request. */
function statementTimes(s: Statements, requests: number): void {
  const micros = new Map(s.microsBySql);
  const rows = s.bySql.map(([text, count]) => ({ text, count, micros: micros.get(text) ?? 0 })).sort((a, b) => b.micros - a.micros);
  const total = rows.reduce((sum, r) => sum + r.micros, 0);
  console.log(`  time in SQLite under load: ${(total / Math.max(1, requests)).toFixed(1)} µs per request (calls/req, µs per call, µs/req)`);
  for (const r of rows.slice(0, top))
    console.log(
      `    ${(r.count / requests).toFixed(2).padStart(5)}  ${(r.micros / Math.max(1, r.count)).toFixed(1).padStart(7)}  ${(r.micros / requests).toFixed(1).padStart(6)}  ${r.text.replace(/\s+/g, ' ').slice(0, 120)}`,
    );
}

interface WalFigures {
  holds: number[];
  writeBytes: number | null;
}

/** SQLite: the WAL bytes a request wrote, and the WAL bound's holds of writes during the load. */
function walReport(before: WalFigures, after: WalFigures, requests: number): void {
  const bytes = before.writeBytes !== null && after.writeBytes !== null ? `${((after.writeBytes - before.writeBytes) / Math.max(1, requests) / 1024).toFixed(1)} KB` : 'not measured';
  const held = [...after.holds].sort((a, b) => a - b);
  const at = (q: number) => (held.length ? held[Math.min(held.length - 1, Math.floor(q * held.length))].toFixed(1) : '-');
  const total = held.reduce((a, b) => a + b, 0);
  console.log(
    `  WAL written by the main thread per request: ${bytes}; the WAL bound held writes ${held.length} times ` +
      `(p50 ${at(0.5)} ms, max ${at(1)} ms, ${total.toFixed(0)} ms in all)`,
  );
}

interface Outcome {
  name: string;
  sequential: number;
  underLoad: number;
  cpuMicrosPerRequest: number;
  areas: Share[];
}

async function profileScenario(scenario: ProfileScenario): Promise<Outcome> {
  const server = await ProfiledServer.start();
  try {
    const spec = await scenario.prepare(server.base);
    console.log(`\n== ${scenario.name}: ${spec.method} ${spec.path}${spec.headers?.['idempotency-key'] ? ' (Idempotency-Key)' : ''} ==`);
    // Warm: the JIT, the statement caches, and no setup statements in the counts.
    await runLoad(server.base, spec, 1, connections);
    // Requests autocannon left in flight finish before the count starts.
    await new Promise((r) => setTimeout(r, 1000));
    await server.ask<Statements>('statements');
    const n = 50;
    await sequential(server.base, spec, n);
    const seq = await server.ask<Statements>('statements');
    console.log(`  statements per request, one request at a time: ${(seq.total / n).toFixed(2)}${onPostgres ? `, round trips ${(seq.waits / n).toFixed(2)}` : ''}`);
    statementList(seq, n);

    const walBefore = await server.ask<WalFigures>('wal');
    const cpuBefore = await server.ask<{ micros: number }>('cpu');
    await server.ask('start');
    const load = await runLoad(server.base, spec, seconds, connections);
    const { profile } = await server.ask<{ profile: CpuProfile }>('stop');
    const cpuAfter = await server.ask<{ micros: number }>('cpu');
    const cpuPerRequest = (cpuAfter.micros - cpuBefore.micros) / Math.max(1, load.total);
    const loaded = await server.ask<Statements>('statements');
    const perRequestStatements = loaded.total / Math.max(1, load.total);
    console.log(`  statements per request under load (${connections} connections): ${perRequestStatements.toFixed(2)}`);
    if (!onPostgres) {
      statementTimes(loaded, load.total);
      walReport(walBefore, await server.ask<WalFigures>('wal'), load.total);
    }
    if (load.non2xx > 0 || load.errors > 0) console.log(`  !! ${load.non2xx} non-2xx, ${load.errors} errors under load`);

    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `profile-${scenario.name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    const summary = summarize(profile);
    // Shares are of the main thread's busy samples; µs per request scale them to the CPU time the
    // process was charged (user + system, all threads) per request, which preemption does not inflate.
    const perRequest = cpuPerRequest;
    console.log(
      `  CPU profile: ${load.total} requests in ${(summary.micros / 1e6).toFixed(1)} s, main thread busy ${pct(1 - summary.idle).trim()} of the time; ` +
        `${perRequest.toFixed(0)} µs of server CPU per request (written to ${file.startsWith(ROOT) ? file.slice(ROOT.length) : file})`,
    );
    table('by area', summary.areas, perRequest, 'self', top, 40);
    table('by area', summary.areas, perRequest, 'inclusive', top, 40);
    table('by file', summary.files, perRequest, 'self', top);
    table('by function', summary.functions, perRequest, 'self', top);
    table('by function', summary.functions, perRequest, 'inclusive', top);
    return { name: scenario.name, sequential: seq.total / n, underLoad: perRequestStatements, cpuMicrosPerRequest: perRequest, areas: summary.areas };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  console.log(`profile: ${seconds} s per scenario, ${connections} connections, ${onPostgres ? 'PostgreSQL' : 'SQLite (default durable settings)'}, compiled build (dist/)`);
  const outcomes: Outcome[] = [];
  for (const s of SCENARIOS.filter((s) => wanted.includes(s.name))) outcomes.push(await profileScenario(s));
  console.log('\n== summary ==');
  console.log(`  ${'scenario'.padEnd(18)}  ${'stmts/req (1 at a time)'.padStart(23)}  ${'stmts/req (load)'.padStart(16)}  ${'CPU µs/req'.padStart(10)}  top areas (self)`);
  for (const o of outcomes) {
    const areas = [...o.areas].sort((a, b) => b.self - a.self).slice(0, 4).map((a) => `${a.name} ${pct(a.self).trim()}`).join(', ');
    console.log(
      `  ${o.name.padEnd(18)}  ${o.sequential.toFixed(2).padStart(23)}  ${o.underLoad.toFixed(2).padStart(16)}  ${o.cpuMicrosPerRequest.toFixed(0).padStart(10)}  ${areas}`,
    );
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
