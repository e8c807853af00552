// What a scenario group is. One file per group under bench/scenarios/; add a
// group there and list it in bench/run.ts.
import { randomBytes } from 'node:crypto';
import type { LoadSpec } from './load.ts';
import type { Target } from './processes.ts';

export interface Scenario {
  /** Unique across groups: it names the row in the report. */
  name: string;
  /** The ceiling scenario's name to compare with (see scenarios/ceiling.ts). */
  ceiling?: string;
  /** Scenarios (the first that ran) this one is also compared with: PostgreSQL's create with SQLite's. */
  baseline?: string[];
  load: LoadSpec;
}

export interface ScenarioGroup {
  name: string;
  /** Which server the group runs against; each group gets a fresh one. */
  target: 'ceiling' | 'invoicekit';
  /** Starts the group's own server instead (another database, more workers); `target` then only labels it. */
  start?(): Promise<Target>;
  /** Creates what the scenarios need on the running target and returns them, in run order. */
  prepare(base: string): Promise<Scenario[]>;
}

export const newKey = (): string => `sk_test_bench${randomBytes(8).toString('hex')}`;
export const auth = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

/** A setup call against InvoiceKit; throws on anything but 2xx. */
export async function api(base: string, key: string, method: 'GET' | 'POST', path: string, body?: string): Promise<any> {
  const res = await fetch(base + path, {
    method,
    headers: { ...auth(key), ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
    body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`setup ${method} ${path} -> ${res.status} ${text}`);
  return JSON.parse(text);
}

/** Runs `fn` for 0..n-1, `concurrency` at a time. */
export async function times(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await fn(next++);
  }));
}
