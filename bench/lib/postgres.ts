// PostgreSQL for the benchmark: BENCH_DATABASE_URL, or else a throwaway cluster
// (scripts/pg-cluster.sh, as .ci/run uses: fsync on) started on first use and stopped
// when this process exits. Each caller gets a fresh database of its own in it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ROOT } from './processes.ts';

let server: string | null = null;

function throwawayCluster(): string {
  const script = `${ROOT}/scripts/pg-cluster.sh`;
  const run = (...args: string[]) => {
    const r = spawnSync('bash', [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) throw new Error(`scripts/pg-cluster.sh ${args[0]} failed`);
    return r.stdout.trim();
  };
  run('install');
  const dir = mkdtempSync('/tmp/invoicekit-bench-pg.');
  process.once('exit', () => {
    spawnSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  const url = run('start', dir, 'on');
  console.log(`  (throwaway PostgreSQL cluster at ${url}, fsync on)`);
  return url;
}

async function admin(base: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database; `drop()` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  server ??= process.env.BENCH_DATABASE_URL || throwawayCluster();
  const name = `bench_${randomBytes(5).toString('hex')}`;
  await admin(server, `create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(server!, `drop database ${name} with (force)`) };
}
