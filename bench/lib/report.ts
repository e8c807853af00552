// The report: a table on stdout and the same figures as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoadResult } from './load.ts';
import { IDLE_AFTER_MS } from './memory.ts';

export interface Row extends LoadResult {
  group: string;
  scenario: string;
  /** The ceiling scenario this one is compared with, if any. */
  ceiling?: string;
  ratio?: number;
  baseline?: string[];
  /** The baseline that ran, and this row's req/s as a share of its. */
  versus?: { scenario: string; ratio: number };
}

export function withRatios(rows: Row[]): Row[] {
  const byName = new Map(rows.map((r) => [r.scenario, r]));
  return rows.map((r) => {
    const c = r.ceiling ? byName.get(r.ceiling) : undefined;
    const b = r.baseline?.map((name) => byName.get(name)).find((x) => x !== undefined);
    return {
      ...r,
      ...(c && c.requestsPerSecond > 0 ? { ratio: r.requestsPerSecond / c.requestsPerSecond } : {}),
      ...(b && b.requestsPerSecond > 0 ? { versus: { scenario: b.scenario, ratio: r.requestsPerSecond / b.requestsPerSecond } } : {}),
    };
  });
}

export interface MemoryRow {
  group: string;
  /** MiB: after start-up and the group's setup, before load; the peak under load; 3 s after the load ended. */
  idleBefore?: number;
  peak?: number;
  idleAfter?: number;
}

export function printMemory(rows: MemoryRow[]): void {
  const f = (v?: number) => (v === undefined ? 'n/a' : v.toFixed(0));
  console.log(`${'server RSS (MiB)'.padEnd(22)}  ${'idle, before load'.padStart(17)}  ${'peak under load'.padStart(15)}  ${`idle, ${IDLE_AFTER_MS / 1000} s after`.padStart(15)}`);
  for (const m of rows) console.log(`${m.group.padEnd(22)}  ${f(m.idleBefore).padStart(17)}  ${f(m.peak).padStart(15)}  ${f(m.idleAfter).padStart(15)}`);
}

export function printTable(rows: Row[]): void {
  const head = ['scenario', 'req/s', 'mean ms', 'p50 ms', 'p99 ms', 'vs ceiling', 'vs baseline', 'non-2xx', 'errors'];
  const body = rows.map((r) => [
    r.scenario,
    r.requestsPerSecond.toFixed(0),
    r.latencyMean.toFixed(2),
    r.p50.toFixed(0),
    r.p99.toFixed(0),
    r.ratio === undefined ? '' : r.ratio.toFixed(3),
    r.versus === undefined ? '' : `${r.versus.ratio.toFixed(2)} of ${r.versus.scenario}`,
    String(r.non2xx),
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

export function writeJson(file: string, meta: Record<string, unknown>, rows: Row[], memory: MemoryRow[] = []): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...meta, results: rows, memory }, null, 2)}\n`);
}
