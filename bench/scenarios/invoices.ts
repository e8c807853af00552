// Invoices: building and finalizing a 250-line invoice (timed end to end from
// this process, median and p99 over BENCH_INVOICE_RUNS runs, printed and written
// to bench/results/invoices-build.json), then GET /v1/invoices/:id and one page
// of 100 lines of such an invoice under autocannon load.
//
//   BENCH_GROUPS=invoices npm run bench
//   BENCH_INVOICE_RUNS   runs of each build variant (default 20)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../lib/processes.ts';
import { api, auth, newKey, type ScenarioGroup } from '../lib/scenario.ts';
import { CEILING_GET } from './ceiling.ts';

const LINES = 250;
const RUNS = Number(process.env.BENCH_INVOICE_RUNS ?? 20);

/** `lines[i][...]` form pairs for add_lines: 250 one-off lines priced inline. */
function addLinesBody(from: number, count: number): string {
  const pairs: string[] = [];
  for (let i = from; i < from + count; i++) pairs.push(`lines[${i - from}][amount]=${100 + i}`, `lines[${i - from}][description]=Line+${i}`);
  return pairs.join('&');
}

async function buildWithAddLines(base: string, key: string, customer: string, taxRate: string): Promise<string> {
  const inv = await api(base, key, 'POST', '/v1/invoices', `customer=${customer}&default_tax_rates[0]=${taxRate}`);
  await api(base, key, 'POST', `/v1/invoices/${inv.id}/add_lines`, addLinesBody(0, LINES));
  await api(base, key, 'POST', `/v1/invoices/${inv.id}/finalize`);
  return inv.id;
}

async function buildWithItems(base: string, key: string, customer: string, taxRate: string): Promise<string> {
  const inv = await api(base, key, 'POST', '/v1/invoices', `customer=${customer}&default_tax_rates[0]=${taxRate}`);
  for (let i = 0; i < LINES; i++) await api(base, key, 'POST', '/v1/invoiceitems', `customer=${customer}&invoice=${inv.id}&amount=${100 + i}&currency=usd`);
  await api(base, key, 'POST', `/v1/invoices/${inv.id}/finalize`);
  return inv.id;
}

export interface Timing {
  variant: string;
  runs: number;
  medianMs: number;
  p99Ms: number;
  minMs: number;
  maxMs: number;
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

async function time(variant: string, runs: number, once: () => Promise<unknown>): Promise<Timing> {
  await once(); // warm-up, not measured
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await once();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const t = { variant, runs, medianMs: percentile(ms, 50), p99Ms: percentile(ms, 99), minMs: ms[0], maxMs: ms[ms.length - 1] };
  console.log(`  ${variant}: median ${t.medianMs.toFixed(1)} ms, p99 ${t.p99Ms.toFixed(1)} ms (min ${t.minMs.toFixed(1)}, max ${t.maxMs.toFixed(1)}, ${runs} runs)`);
  return t;
}

export const invoices: ScenarioGroup = {
  name: 'invoices',
  target: 'invoicekit',
  async prepare(base) {
    const key = newKey();
    const customer = await api(base, key, 'POST', '/v1/customers', 'name=Bench+invoices');
    const rate = await api(base, key, 'POST', '/v1/tax_rates', 'display_name=VAT&percentage=19&inclusive=false');
    const timings = [
      await time(`create + add_lines(${LINES}) + finalize`, RUNS, () => buildWithAddLines(base, key, customer.id, rate.id)),
      await time(`create + ${LINES} x POST /v1/invoiceitems + finalize`, RUNS, () => buildWithItems(base, key, customer.id, rate.id)),
    ];
    const out = join(ROOT, 'bench/results/invoices-build.json');
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, lines: LINES, timings }, null, 2)}\n`);
    console.log(`  (build timings written to ${out})\n`);

    // The reads: one finalized 250-line invoice in its own account.
    const reader = newKey();
    const c = await api(base, reader, 'POST', '/v1/customers', 'name=Bench+reader');
    const r = await api(base, reader, 'POST', '/v1/tax_rates', 'display_name=VAT&percentage=19&inclusive=false');
    const id = await buildWithAddLines(base, reader, c.id, r.id);
    const got = await api(base, reader, 'GET', `/v1/invoices/${id}`);
    if (got.lines.data.length !== 10 || got.lines.has_more !== true) throw new Error('setup: the invoice should show 10 of its 250 lines');
    return [
      { name: `GET /v1/invoices/:id (${LINES} lines)`, ceiling: CEILING_GET, load: { method: 'GET', path: `/v1/invoices/${id}`, headers: auth(reader) } },
      { name: `GET /v1/invoices/:id/lines?limit=100 (${LINES} lines)`, ceiling: CEILING_GET, load: { method: 'GET', path: `/v1/invoices/${id}/lines?limit=100`, headers: auth(reader) } },
    ];
  },
};
