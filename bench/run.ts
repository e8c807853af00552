// npm run bench: each scenario group against a fresh server process, driven by
// autocannon from this process; prints a table and writes bench/results/latest.json.
//
//   BENCH_SECONDS      seconds of load per scenario (default 10)
//   BENCH_CONNECTIONS  concurrent connections (default 10)
//   BENCH_WARMUP       seconds of unmeasured load before each scenario (default 1)
//   BENCH_GROUPS       comma list of groups to run (default: ceiling,invoiceitems,versions; also: customers, invoices,
//                      webhooks-none, webhooks-3, webhooks-slow; search: 100,000 invoices searched, see
//                      scenarios/search.ts; scaling: POST /v1/invoiceitems on SQLite,
//                      PostgreSQL and PostgreSQL with --workers 2, see scenarios/scaling.ts)
//   BENCH_ROUNDS       rounds per group (default 1): a group's scenarios run in turn, round after round, and each
//                      reports its median round, so that a busy machine's swings do not favour one scenario
//   BENCH_OUT          where the JSON goes (default bench/results/latest.json)
import os from 'node:os';
import { join } from 'node:path';
import { ROOT, startCeiling, startInvoiceKit, type Target } from './lib/processes.ts';
import { runLoad } from './lib/load.ts';
import { printTable, withRatios, writeJson, type Row } from './lib/report.ts';
import type { ScenarioGroup } from './lib/scenario.ts';
import { ceiling } from './scenarios/ceiling.ts';
import { invoiceItems } from './scenarios/invoice-items.ts';
import { customers } from './scenarios/customers.ts';
import { webhookGroups } from './scenarios/webhooks.ts';
import { invoices } from './scenarios/invoices.ts';
import { scalingGroups } from './scenarios/scaling.ts';
import { versions } from './scenarios/versions.ts';
import { search } from './scenarios/search.ts';

const GROUPS: ScenarioGroup[] = [ceiling, invoiceItems, customers, invoices, versions, search, ...webhookGroups, ...scalingGroups];
/** Names that stand for several groups. */
const ALIASES: Record<string, string[]> = { scaling: scalingGroups.map((g) => g.name) };
const DEFAULT_GROUPS = ['ceiling', 'invoiceitems', 'versions'];

const num = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
  return v;
};
const seconds = num('BENCH_SECONDS', 10);
const connections = num('BENCH_CONNECTIONS', 10);
const warmup = num('BENCH_WARMUP', 1);
const rounds = Math.max(1, Math.floor(num('BENCH_ROUNDS', 1)));
const wanted = (process.env.BENCH_GROUPS ?? DEFAULT_GROUPS.join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .flatMap((s) => ALIASES[s] ?? [s]);
const out = process.env.BENCH_OUT ?? join(ROOT, 'bench/results/latest.json');

const unknown = wanted.filter((w) => !GROUPS.some((g) => g.name === w));
if (unknown.length) throw new Error(`unknown BENCH_GROUPS: ${unknown.join(', ')} (known: ${GROUPS.map((g) => g.name).join(', ')})`);

async function main(): Promise<void> {
  console.log(`bench: ${seconds} s per scenario, ${connections} connections, ${rounds} round(s), groups ${wanted.join(', ')}\n`);
  const rows: Row[] = [];
  for (const group of GROUPS.filter((g) => wanted.includes(g.name))) {
    const target: Target = group.start ? await group.start() : group.target === 'ceiling' ? await startCeiling() : await startInvoiceKit();
    try {
      const scenarios = await group.prepare(target.base);
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
      for (const [i, s] of scenarios.entries()) {
        const sorted = [...results[i]].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
        rows.push({ group: group.name, scenario: s.name, ceiling: s.ceiling, ...sorted[Math.floor((sorted.length - 1) / 2)] });
      }
    } finally {
      await target.stop();
    }
  }
  const report = withRatios(rows);
  console.log('');
  printTable(report);
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
  );
  console.log(`\nwritten to ${out}`);
  if (report.some((r) => r.non2xx > 0 || r.errors > 0)) {
    console.error('some scenarios had non-2xx responses or errors: their figures do not measure the happy path');
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
