// The hot path's targets (issue 17), checked against one run's figures: every one is a ratio to
// the ceiling measured in the same run, or an absolute latency or memory figure.
import type { MemoryRow, Row } from './report.ts';
import { CREATE, CREATE_KEYED, LIST, RETRIEVE } from '../scenarios/invoice-items.ts';
import { PG_CREATE } from '../scenarios/scaling.ts';

interface Target {
  figure: string;
  target: string;
  measured: number | undefined;
  met: (v: number) => boolean;
  format: (v: number) => string;
}

const ratio = (v: number) => v.toFixed(3);
const ms = (v: number) => `${v.toFixed(0)} ms`;
const mib = (v: number) => `${v.toFixed(0)} MiB`;

export function printTargets(rows: Row[], memory: MemoryRow[]): void {
  const row = (name: string) => rows.find((r) => r.scenario === name);
  const items = memory.find((m) => m.group === 'invoiceitems');
  const targets: Target[] = [
    ...[CREATE, CREATE_KEYED, LIST].map((name) => ({ figure: `${name}, vs ceiling`, target: '>= 0.15', measured: row(name)?.ratio, met: (v: number) => v >= 0.15, format: ratio })),
    { figure: `${RETRIEVE}, vs ceiling`, target: '>= 0.25', measured: row(RETRIEVE)?.ratio, met: (v) => v >= 0.25, format: ratio },
    ...[CREATE, CREATE_KEYED, LIST, RETRIEVE].map((name) => ({ figure: `${name}, p99`, target: '< 5 ms', measured: row(name)?.p99, met: (v: number) => v < 5, format: ms })),
    { figure: 'server RSS under load (invoiceitems)', target: '< 200 MiB', measured: items?.peak, met: (v) => v < 200, format: mib },
    { figure: 'server RSS idle (invoiceitems, after load)', target: '< 100 MiB', measured: items?.idleAfter, met: (v) => v < 100, format: mib },
    { figure: `${PG_CREATE}, vs SQLite's`, target: '>= 0.5', measured: row(PG_CREATE)?.versus?.ratio, met: (v) => v >= 0.5, format: ratio },
    { figure: `${PG_CREATE}, vs ceiling`, target: '(figure)', measured: row(PG_CREATE)?.ratio, met: () => true, format: ratio },
  ];
  const width = Math.max(...targets.map((t) => t.figure.length));
  console.log(`${'target (issue 17)'.padEnd(width)}  ${'wanted'.padStart(10)}  ${'measured'.padStart(10)}  met`);
  for (const t of targets) {
    const v = t.measured;
    console.log(`${t.figure.padEnd(width)}  ${t.target.padStart(10)}  ${(v === undefined ? 'not run' : t.format(v)).padStart(10)}  ${v === undefined ? '' : t.met(v) ? 'yes' : 'NO'}`);
  }
}
