// The command line as a service runs it: the start-up line, key checks, --seed and
// `invoicekit seed`, --fault, and a clean stop on SIGTERM (and SIGINT) that loses no write.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, killAll, ok, pool, startProcess, PG_URL } from '../helpers/processes.ts';
import { newKey, startServer } from '../helpers/server.ts';
import { REPO, serverArgs } from '../helpers/repo.ts';

const dir = mkdtempSync(join(tmpdir(), 'invoicekit-cli-'));
after(() => {
  killAll();
  rmSync(dir, { recursive: true, force: true });
});

/** The run's database: a SQLite file of this test, or TEST_DATABASE_URL (tests use fresh keys). */
const database = (name: string) => PG_URL ?? join(dir, `${name}.sqlite`);

function cli(args: string[]) {
  return spawnSync(process.execPath, serverArgs(args), { cwd: REPO, encoding: 'utf8', env: { ...process.env, INVOICEKIT_API_KEYS: '' } });
}

test('--api-keys with a live key: exit 2 and a clear error, the key not echoed (test/unit/config.test.ts has every case)', () => {
  const res = cli(['--api-keys', 'sk_live_abcdefghijklmnop', '--port', '0']);
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, /--api-keys takes test-mode secret keys only \(sk_test_/);
  assert.ok(!res.stderr.includes('sk_live_abcdefghijklmnop'));
});

test('the start-up line says the engine and where, the sync mode, and whether keys are restricted; --fault applies to every account', async () => {
  const [key, other] = [newKey(), newKey()];
  const s = await startProcess(database('banner'), ['--api-keys', `${key},${other}`, '--fault', 'POST /v1/customers unavailable count=1; GET /v1/products api_error count=1']);
  if (PG_URL) assert.match(s.banner, /\(PostgreSQL [^;]+; API version [^;]+; keys restricted to 2 \(--api-keys\)\)$/);
  else assert.match(s.banner, /\(SQLite \S+banner\.sqlite, synchronous=NORMAL; API version [^;]+; keys restricted to 2 \(--api-keys\)\)$/);
  assert.equal((await call(s.base, newKey(), 'GET', '/v1/customers')).status, 401, 'a key not listed is refused');
  assert.equal((await call(s.base, key, 'POST', '/v1/customers', 'name=x')).status, 503);
  assert.equal((await call(s.base, key, 'POST', '/v1/customers', 'name=x')).status, 200);
  assert.equal((await call(s.base, other, 'GET', '/v1/products')).status, 500, 'a --fault rule applies to every account');
  assert.equal((await call(s.base, key, 'GET', '/v1/products')).status, 200);
  assert.ok(s.lines.some((l) => / 503 POST \/v1\/customers /.test(l)), 'the request lines are on stdout');
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, '0');
});

test('SIGTERM while writes are under way: requests under way finish, exit 0, every 2xx write is there after a restart', async () => {
  const db = database('stop');
  const key = newKey();
  const s = await startProcess(db);
  const answered: string[] = [];
  const statuses = new Set<number>();
  const writes = pool(Array.from({ length: 200 }, (_, i) => i), 8, async (i) => {
    if (i === 40) s.child.kill('SIGTERM');
    try {
      const res = await call(s.base, key, 'POST', '/v1/customers', `name=c${i}`);
      statuses.add(res.status);
      if (res.status === 200) answered.push(res.json.id);
    } catch {
      // Refused once the server stopped listening: never answered, so never promised.
    }
  });
  await writes;
  assert.equal(await s.exited, '0', `SIGTERM exits 0; stderr: ${s.stderr()}`);
  assert.ok(answered.length > 0);
  // A request that arrives while the server closes is told 503 (retry elsewhere), never half-done.
  assert.deepEqual([...statuses].filter((st) => st !== 200 && st !== 503), []);
  const again = await startProcess(db);
  for (const id of answered) await ok(again.base, key, 'GET', `/v1/customers/${id}`);
  again.child.kill('SIGINT');
  assert.equal(await again.exited, '0', 'SIGINT exits 0 too');
});

test('invoicekit seed FILE and --seed FILE fill an account from an export', async () => {
  // The fixture: made through the API and exported, here from an in-process server.
  const source = await startServer();
  const { key: from, stripe } = source.fresh();
  const customer = await stripe.customers.create({ name: 'Seeded', email: 'seed@example.com' });
  await stripe.products.create({ name: 'Seat' });
  const exported = (await source.http('GET', '/_invoicekit/export', { key: from })).json;
  await source.close();
  const file = join(dir, 'fixture.json');
  writeFileSync(file, JSON.stringify(exported, null, 2));

  const into = newKey();
  const seeded = cli(['seed', file, '--seed-key', into, '--database-url', database('seed')]);
  assert.equal(seeded.status, 0, seeded.stderr);
  assert.match(seeded.stdout, /Seeded the account of sk_test_\w+\.\.\. from .*fixture\.json: .*\b2 objects/);

  const atStart = newKey();
  const s = await startProcess(database('seed'), ['--seed', file, '--seed-key', atStart]);
  for (const k of [into, atStart]) {
    const list = await ok(s.base, k, 'GET', '/v1/customers');
    assert.deepEqual(list.data.map((c: any) => [c.id, c.name]), [[customer.id, 'Seeded']]);
  }
  s.child.kill('SIGTERM');
  assert.equal(await s.exited, '0');

  const missing = cli(['seed', join(dir, 'nope.json'), '--seed-key', into, '--database-url', database('seed')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /Cannot read seed file/);
  const noKey = cli(['seed', file, '--database-url', database('seed')]);
  assert.equal(noKey.status, 2);
  assert.match(noKey.stderr, /--seed-key/);
});
