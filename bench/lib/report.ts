// The report: a table on stdout and the same figures as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoadResult } from './load.ts';

export interface Row extends LoadResult {
  group: string;
  scenario: string;
  /** The ceiling scenario this one is compared with, if any. */
  ceiling?: string;
  ratio?: number;
}

export function withRatios(rows: Row[]): Row[] {
  const byName = new Map(rows.map((r) => [r.scenario, r]));
  return rows.map((r) => {
    const c = r.ceiling ? byName.get(r.ceiling) : undefined;
    return c && c.requestsPerSecond > 0 ? { ...r, ratio: r.requestsPerSecond / c.requestsPerSecond } : r;
  });
}

export function printTable(rows: Row[]): void {
  const head = ['scenario', 'req/s', 'mean ms', 'p50 ms', 'p99 ms', 'vs ceiling', 'non-2xx', 'errors'];
  const body = rows.map((r) => [
    r.scenario,
    r.requestsPerSecond.toFixed(0),
    r.latencyMean.toFixed(2),
    r.p50.toFixed(0),
    r.p99.toFixed(0),
    r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(1)}%`,
    String(r.non2xx),
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

export function writeJson(file: string, meta: Record<string, unknown>, rows: Row[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...meta, results: rows }, null, 2)}\n`);
}
