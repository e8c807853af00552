// npm run profile:advance: where a test clock's advance spends its time. The compiled server
// (dist/) in a child process over a fresh SQLite file; the subscriptions-advance setup (a
// customer with 5 monthly subscriptions on a test clock), then the 12-month advance with every
// statement counted (INVOICEKIT_COUNT_STATEMENTS=1) and a CPU profile taken: statements per
// renewal (per invoice made), the statements by SQL text, and the CPU by function.
// PROFILE_RENEWALS=n profiles the renewals group's advance instead (n subscriptions falling due at once).
//   PROFILE_TOP  rows per table (default 15)
import { fork } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/processes.ts';
import { summarize, type CpuProfile, type Share } from './lib/cpu-profile.ts';
import { prepareAdvance, prepareRenewals } from './scenarios/subscriptions.ts';

const top = Number(process.env.PROFILE_TOP || 15);
const dir = mkdtempSync(join(tmpdir(), 'invoicekit-advance-'));
const child = fork(join(ROOT, 'bench/lib/profiled-server.mjs'), ['--host', '127.0.0.1', '--port', '0', '--database-url', join(dir, 'a.sqlite'), '--log-level', 'warn'], {
  cwd: ROOT,
  execArgv: [],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '', INVOICEKIT_API_KEYS: '', NODE_ENV: 'production', INVOICEKIT_COUNT_STATEMENTS: '1' },
});
const ask = <T>(cmd: string): Promise<T> =>
  new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send({ cmd });
  });
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
function table(title: string, rows: Share[], order: 'self' | 'inclusive'): void {
  console.log(`\n  ${title} (by ${order})`);
  for (const r of [...rows].sort((a, b) => b[order] - a[order]).slice(0, top)) console.log(`  ${pad(r.name, 80)}  ${pct(r.self)}  ${pct(r.inclusive)}`);
}

try {
  const { url } = await new Promise<{ url: string }>((resolve) => child.once('message', (m) => resolve(m as { url: string })));
  let cpuBefore = 0;
  const begin = async () => {
    await ask('statements');
    cpuBefore = (await ask<{ micros: number }>('cpu')).micros;
    await ask('start');
  };
  const renewals = Number(process.env.PROFILE_RENEWALS || 0);
  let invoices: number;
  if (renewals > 0) {
    const run = await prepareRenewals(url, renewals, begin);
    invoices = renewals;
    const q = (p: number) => run.latencies[Math.min(run.latencies.length - 1, Math.floor(p * run.latencies.length))]?.toFixed(1);
    console.log(`renewals: ${renewals} subscriptions renewed in one advance in ${run.ms.toFixed(0)} ms; GET /v1/invoices/:id meanwhile p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
  } else {
    const run = await prepareAdvance(url, begin);
    invoices = run.invoices;
    console.log(`advance over ${run.months} months, 5 monthly subscriptions: ${run.ms.toFixed(0)} ms, ${run.invoices} invoices`);
  }
  const { profile } = await ask<{ profile: CpuProfile }>('stop');
  // The server's CPU time (user + system, every thread) during the advance: what a busy machine changes least.
  const cpuMs = ((await ask<{ micros: number }>('cpu')).micros - cpuBefore) / 1000;
  console.log(`  server CPU during the advance: ${cpuMs.toFixed(0)} ms (profiler and polls included)`);
  const st = await ask<{ total: number; bySql: [string, number][] }>('statements');
  console.log(`  statements during the advance (polls and reads included): ${st.total}, ${(st.total / invoices).toFixed(1)} per invoice`);
  for (const [text, count] of st.bySql.sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`    ${String(count).padStart(6)}  ${text.replace(/\s+/g, ' ').slice(0, 150)}`);
  const out = join(ROOT, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'profile-advance.cpuprofile'), JSON.stringify(profile));
  const s = summarize(profile);
  console.log(`\n  CPU profile: ${(s.micros / 1e6).toFixed(2)} s, busy ${pct(1 - s.idle).trim()}`);
  table('by area', s.areas, 'self');
  table('by file', s.files, 'self');
  table('by function', s.functions, 'self');
  table('by function', s.functions, 'inclusive');
} finally {
  child.send({ cmd: 'exit' });
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
