// npm run bench: builds, then each scenario group against a fresh compiled server process
// (dist/main.js, as `npm start` runs it), driven by autocannon from this process; prints a
// table (every figure as a ratio to the bare node:http ceiling measured in the same run), the
// servers' memory, the hot path's targets (issue 17), and writes bench/results/latest.json.
//
//   BENCH_SECONDS      seconds of load per scenario (default 10)
//   BENCH_CONNECTIONS  concurrent connections (default 16)
//   BENCH_WARMUP       seconds of unmeasured load before each scenario (default 1)
//   BENCH_GROUPS       comma list of groups to run (default: ceiling,floor,invoiceitems,pg,versions,pages; floor: the create's
//                      request against the app's HTTP layer with no work behind the route; also: customers, invoices,
//                      webhooks-none, webhooks-3, webhooks-slow; search: 100,000 invoices searched, see
//                      scenarios/search.ts; pg: POST /v1/invoiceitems on PostgreSQL, one process (BENCH_DATABASE_URL,
//                      or a throwaway cluster); scaling: POST /v1/invoiceitems on SQLite, PostgreSQL and PostgreSQL
//                      with --workers 2, see scenarios/scaling.ts; scale: the hot paths with 10k and 1M items in the
//                      account and how flat they stay, see scenarios/scale.ts: minutes, not part of the default;
//                      subscriptions-advance: a test clock advanced 12 months for a customer with 5 monthly
//                      subscriptions, ms from the first advance until ready (BENCH_ADVANCE_MONTHS); renewals:
//                      BENCH_RENEWALS (10,000) subscriptions on one test clock renewed in one advance, the time it
//                      takes and GET /v1/invoices/:id's p99 meanwhile; see scenarios/subscriptions.ts)
//   BENCH_ROUNDS       rounds per group (default 1): a group's scenarios run in turn, round after round, and each
//                      reports its median round, so that a busy machine's swings do not favour one scenario
//   BENCH_NODE_FLAGS   node options for the InvoiceKit server (default: those of `npm start`; empty for none)
//   BENCH_OUT          where the JSON goes (default bench/results/latest.json)
import os from 'node:os';
import { join } from 'node:path';
import { ROOT, startCeiling, startInvoiceKit, type Target } from './lib/processes.ts';
import { runLoad } from './lib/load.ts';
import { printMemory, printTable, withRatios, writeJson, type MemoryRow, type Row } from './lib/report.ts';
import { IDLE_AFTER_MS, rssMiB, sampleRss } from './lib/memory.ts';
import { printTargets } from './lib/targets.ts';
import { label, scaled, scaleGroups, SCALE_SIZES, SCALED } from './scenarios/scale.ts';
import type { ScenarioGroup } from './lib/scenario.ts';
import { ceiling, floor } from './scenarios/ceiling.ts';
import { invoiceItems } from './scenarios/invoice-items.ts';
import { customers } from './scenarios/customers.ts';
import { webhookGroups } from './scenarios/webhooks.ts';
import { invoices } from './scenarios/invoices.ts';
import { scalingGroups } from './scenarios/scaling.ts';
import { versions } from './scenarios/versions.ts';
import { search } from './scenarios/search.ts';
import { pages } from './scenarios/pages.ts';
import { renewals, subscriptionsAdvance } from './scenarios/subscriptions.ts';

const GROUPS: ScenarioGroup[] = [ceiling, floor, invoiceItems, customers, invoices, versions, search, pages, subscriptionsAdvance, renewals, ...webhookGroups, ...scalingGroups, ...scaleGroups];
/** Names that stand for several groups (or another name). */
const ALIASES: Record<string, string[]> = { scaling: scalingGroups.map((g) => g.name), pg: ['scaling-pg1'], scale: ['ceiling', ...scaleGroups.map((g) => g.name)] };
const DEFAULT_GROUPS = ['ceiling', 'floor', 'invoiceitems', 'pg', 'versions', 'pages'];

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
  return v;
};
const seconds = num('BENCH_SECONDS', 10);
const connections = num('BENCH_CONNECTIONS', 16);
const warmup = num('BENCH_WARMUP', 1);
const rounds = Math.max(1, Math.floor(num('BENCH_ROUNDS', 1)));
const wanted = (process.env.BENCH_GROUPS ?? DEFAULT_GROUPS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .flatMap((s) => ALIASES[s] ?? [s])
  .filter((s, i, all) => all.indexOf(s) === i);
const out = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/latest.json');

const unknown = wanted.filter((w) => !GROUPS.some((g) => g.name === w));
if (unknown.length) throw new Error(`unknown BENCH_GROUPS: ${unknown.join(', ')} (known: ${GROUPS.map((g) => g.name).join(', ')})`);

async function main(): Promise<void> {
  console.log(`bench: ${seconds} s per scenario, ${connections} connections, ${rounds} round(s), groups ${wanted.join(', ')}\n`);
  const rows: Row[] = [];
  const memory: MemoryRow[] = [];
  const missed: string[] = [];
  for (const group of GROUPS.filter((g) => wanted.includes(g.name))) {
    let target: Target;
    try {
      target = group.start ? await group.start() : group.target === 'ceiling' ? await startCeiling() : await startInvoiceKit();
    } catch (err) {
      // One group that cannot start (no PostgreSQL here) leaves the others' figures standing.
      console.error(`  group ${group.name} NOT RUN: ${err instanceof Error ? err.message : String(err)}`);
      missed.push(group.name);
      continue;
    }
    try {
      const scenarios = await group.prepare(target.base);
      const pid = group.target === 'invoicekit' ? target.pid : undefined;
      const mem: MemoryRow = { group: group.name, idleBefore: pid === undefined ? undefined : rssMiB(pid) };
      const sampler = pid === undefined ? null : sampleRss(pid);
      const results = scenarios.map(() => [] as Awaited<ReturnType<typeof runLoad>>[]);
      for (let round = 0; round < rounds; round++) {
        for (const [i, s] of scenarios.entries()) {
          if (warmup > 0 && round === 0) await runLoad(target.base, s.load, warmup, connections);
          const result = await runLoad(target.base, s.load, seconds, connections);
          const of = rounds > 1 ? ` (round ${round + 1}/${rounds})` : '';
          console.log(`  ${s.name}${of}: ${result.requestsPerSecond.toFixed(0)} req/s${result.non2xx ? `, ${result.non2xx} non-2xx!` : ''}`);
          results[i].push(result);
        }
      }
      if (sampler && pid !== undefined) {
        mem.peak = sampler.stop();
        // Idle: past the quiet period after which the server gives memory back (src/memory/idle-policy.ts).
        await new Promise((r) => setTimeout(r, IDLE_AFTER_MS));
        mem.idleAfter = rssMiB(pid);
        memory.push(mem);
      }
      for (const [i, s] of scenarios.entries()) {
        const sorted = [...results[i]].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
        rows.push({ group: group.name, scenario: s.name, ceiling: s.ceiling, baseline: s.baseline, ...sorted[Math.floor((sorted.length - 1) / 2)] });
      }
    } finally {
      await target.stop();
    }
  }
  const report = withRatios(rows);
  console.log('');
  printTable(report);
  if (memory.length > 0) {
    console.log('');
    printMemory(memory);
  }
  if (wanted.includes('invoiceitems') || wanted.includes('scaling-pg1')) {
    console.log('');
    printTargets(report, memory);
  }
  if (scaleGroups.some((g) => wanted.includes(g.name))) {
    console.log('');
    printFlatness(report);
  }
  writeJson(
    out,
    {
      date: new Date().toISOString(),
      seconds,
      connections,
      rounds,
      node: process.version,
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
    },
    report,
    memory,
  );
  console.log(`\nwritten to ${out}`);
  if (missed.length > 0) {
    console.error(`groups not run: ${missed.join(', ')}`);
    process.exitCode = 1;
  }
  if (report.some((r) => r.non2xx > 0 || r.errors > 0)) {
    console.error('some scenarios had non-2xx responses or errors: their figures do not measure the happy path');
    process.exitCode = 1;
  }
}

/** The hot paths at each account size: req/s, p99, and the largest size's req/s as a share of the smallest's. */
function printFlatness(report: Row[]): void {
  const sizes = SCALE_SIZES.filter((n) => report.some((r) => r.scenario === scaled(SCALED[0], n)));
  console.log(`flatness${sizes.map((n) => `   ${label(n).padStart(5)}: req/s  p99 ms`).join('')}   largest/smallest`);
  for (const name of SCALED) {
    const at = sizes.map((n) => report.find((r) => r.scenario === scaled(name, n)));
    const cells = at.map((r) => (r ? `${r.requestsPerSecond.toFixed(0).padStart(13)} ${String(r.p99).padStart(7)}` : 'n/a'.padStart(21)));
    const first = at[0];
    const last = at[at.length - 1];
    const flat = first && last && first.requestsPerSecond > 0 ? (last.requestsPerSecond / first.requestsPerSecond).toFixed(2) : '';
    console.log(`  ${name}\n  ${''.padEnd(6)}${cells.join('')}   ${flat.padStart(16)}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
