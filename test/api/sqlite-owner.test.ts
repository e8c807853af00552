// One server per SQLite file: a second server process started on the file the first serves is
// refused at start with a one-line message (it would otherwise fail requests with "database is
// locked" under load), the first goes on answering, and a kill -9 leaves no stale ownership.
// SQLite only: PostgreSQL serves any number of processes (multiprocess.test.ts).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { killAll, PG_URL, startProcess, type Running } from '../helpers/processes.ts';
import { newKey, TEST_API_VERSION } from '../helpers/server.ts';
import { REPO, serverArgs } from '../helpers/repo.ts';

const dir = mkdtempSync(join(tmpdir(), 'invoicekit-owner-'));
after(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

const skip = PG_URL ? 'SQLite only (a PostgreSQL database takes any number of processes)' : false;

function stripeOf(server: Running, key: string): Stripe {
  const { hostname, port } = new URL(server.base);
  return new Stripe(key, {
    host: hostname,
    port: Number(port),
    protocol: 'http',
    maxNetworkRetries: 0,
    ...(TEST_API_VERSION ? { apiVersion: TEST_API_VERSION as any } : {}),
  });
}

/** The CLI started as a service would be, run to its end. */
function cli(args: string[]) {
  return spawnSync(process.execPath, serverArgs(args), {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, PORT: '', HOST: '', DATABASE_URL: '', INVOICEKIT_API_KEYS: '', INVOICEKIT_WORKERS: '' },
  });
}

describe('one server per SQLite file', { skip }, () => {
  test('a second process on the file is refused at start; the first keeps serving; after a kill -9 a new one starts and sees the data', async () => {
    const file = join(dir, 'shared.sqlite');
    const key = newKey();
    const first = await startProcess(file);
    const stripe = stripeOf(first, key);
    const before = await stripe.customers.create({ name: 'before the second' });

    const second = cli(['--host', '127.0.0.1', '--port', '0', '--database-url', file]);
    assert.notEqual(second.status, 0, `the second server must not start; stdout: ${second.stdout}`);
    const lines = second.stderr.trim().split('\n');
    assert.deepEqual(lines, [`another InvoiceKit server already serves ${realpathSync(file)} (SQLite has a single writer; use PostgreSQL for several processes)`]);
    assert.doesNotMatch(second.stdout, /listening/);

    // `invoicekit seed` writes to the file too: refused the same way while a server serves it.
    const seed = cli(['seed', join(dir, 'nothing.json'), '--seed-key', key, '--database-url', file]);
    assert.notEqual(seed.status, 0);
    assert.match(seed.stderr, /another InvoiceKit server already serves .*shared\.sqlite/);

    // The first is untouched: it reads and writes as before.
    assert.equal((await stripe.customers.retrieve(before.id)).id, before.id);
    const after = await stripe.customers.create({ name: 'after the refusal' });

    first.child.kill('SIGKILL');
    assert.equal(await first.exited, 'SIGKILL');
    // No stale lock: the kernel dropped the dead process's ownership.
    const third = await startProcess(file);
    try {
      const again = stripeOf(third, key);
      const names = (await again.customers.list({ limit: 10 })).data.map((c) => c.name).sort();
      assert.deepEqual(names, ['after the refusal', 'before the second']);
      assert.equal((await again.customers.retrieve(after.id)).id, after.id);
      await again.customers.create({ name: 'on the new owner' });
    } finally {
      third.child.kill('SIGTERM');
      assert.equal(await third.exited, '0');
    }
  });

  test('a server stopped cleanly hands the file on: the next one starts at once', async () => {
    const file = join(dir, 'handed-on.sqlite');
    const key = newKey();
    const first = await startProcess(file);
    const made = await stripeOf(first, key).customers.create({ name: 'kept' });
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, '0');
    const next = await startProcess(file);
    try {
      assert.equal((await stripeOf(next, key).customers.retrieve(made.id)).id, made.id);
    } finally {
      next.child.kill('SIGTERM');
      assert.equal(await next.exited, '0');
    }
  });
});
