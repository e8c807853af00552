// Several server processes on one PostgreSQL behave as one server: a process started on its
// own and a `--workers 2` cluster (three processes in all) take hundreds of parallel requests
// spread over them, and the invariants hold: one object per idempotency key, gapless distinct
// invoice numbers, at most 250 lines, no lost update, an invoice's totals equal its lines.
// PostgreSQL only (TEST_DATABASE_URL=postgres://...): a SQLite file has one writer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newKey } from '../helpers/server.ts';
import { call, killAll, listAll, NEEDS_PG, ok, PG_URL, pool, startProcess, workerPids, type Answer, type Running } from '../helpers/processes.ts';

const url = PG_URL ?? '';
const skip = PG_URL ? false : NEEDS_PG;

let single: Running;
let clustered: Running;
/** The two entry points; request i goes to bases[i % 2]. */
let bases: string[];
const key = newKey();

before(async () => {
  if (skip) return;
  // 300 writes queue on one invoice's row lock below: on a loaded machine that outlasts the default
  // 10 s wait for a pooled connection (a queue, not an outage; outages are db-restart.test.ts's).
  const patient = ['--database-connect-timeout', '60', '--database-statement-timeout', '60'];
  [single, clustered] = await Promise.all([startProcess(url, patient), startProcess(url, ['--workers', '2', ...patient])]);
  bases = [single.base, clustered.base];
});
after(async () => {
  if (skip) return;
  single.child.kill('SIGTERM');
  clustered.child.kill('SIGTERM');
  await Promise.all([single.exited, clustered.exited]);
  killAll();
});

const at = (i: number) => bases[i % 2];

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

async function customer(body = ''): Promise<any> {
  return ok(bases[0], key, 'POST', '/v1/customers', body);
}

async function draft(customerId: string, amount = 1000): Promise<string> {
  const inv = await ok(bases[0], key, 'POST', '/v1/invoices', `customer=${customerId}`);
  await ok(bases[1], key, 'POST', '/v1/invoiceitems', `customer=${customerId}&invoice=${inv.id}&amount=${amount}&currency=usd`);
  return inv.id;
}

/** All items attached to an invoice, and its lines. */
async function contents(invoiceId: string): Promise<{ items: any[]; lines: any[] }> {
  const [items, lines] = await Promise.all([
    listAll(bases[0], key, `/v1/invoiceitems?invoice=${invoiceId}`),
    listAll(bases[1], key, `/v1/invoices/${invoiceId}/lines`),
  ]);
  return { items, lines };
}

function assertNo5xx(answers: Answer[]): void {
  const bad = answers.filter((a) => a.status >= 500);
  assert.deepEqual(bad.map((a) => `${a.status} ${a.text}`), [], 'no 5xx');
}

describe('several processes on one PostgreSQL', { skip }, () => {
  test('--workers 2 runs two workers; what one process writes the others read', async () => {
    assert.equal(workerPids(clustered.child.pid!).length, 2, 'two workers under the primary');
    const made = await pool(range(40), 20, (i) => ok(at(i), key, 'POST', '/v1/customers', `name=W${i}`));
    for (const [i, c] of made.entries()) assert.equal((await call(at(i + 1), key, 'GET', `/v1/customers/${c.id}`)).status, 200);
  });

  test('one Idempotency-Key sent to both processes at once creates one object', async () => {
    const c = await customer('name=Idem');
    const answers = await pool(range(120), 60, async (i) => {
      const body = `customer=${c.id}&amount=${500 + i}&currency=usd&metadata[i]=${i}`;
      const idem = `mp-idem-${key}-${i}`;
      // The same request, at the same moment, to the single process and to the cluster.
      return Promise.all([call(bases[0], key, 'POST', '/v1/invoiceitems', body, idem), call(bases[1], key, 'POST', '/v1/invoiceitems', body, idem)]);
    });
    assertNo5xx(answers.flat());
    for (const [a, b] of answers) {
      assert.equal(a.status, 200, a.text);
      assert.equal(b.status, 200, b.text);
      assert.equal(a.text, b.text, 'both got the one response');
      const replays = [a, b].filter((r) => r.headers.get('idempotent-replayed') === 'true').length;
      assert.equal(replays, 1, 'one ran, the other replayed it');
    }
    const items = await listAll(bases[1], key, `/v1/invoiceitems?customer=${c.id}`);
    assert.equal(items.length, 120, 'one object per key');
    assert.deepEqual(new Set(items.map((x) => x.id)), new Set(answers.map(([a]) => a.json.id)));
  });

  test('the same finalization with one key on both processes: finalized once, one number, both answers equal', async () => {
    const c = await customer('invoice_prefix=MPONE&balance=-300');
    const ids = await pool(range(10), 5, () => draft(c.id));
    const answers = await pool(ids, 10, (id) =>
      Promise.all([0, 1].map((side) => call(bases[side], key, 'POST', `/v1/invoices/${id}/finalize`, '', `mp-fin-${id}`))),
    );
    for (const [a, b] of answers) {
      assert.equal(a.status, 200, a.text);
      assert.equal(a.text, b.text);
    }
    const numbers = answers.map(([a]) => a.json.number).sort();
    assert.deepEqual(numbers, range(10).map((i) => `MPONE-${String(i + 1).padStart(4, '0')}`));
    const after = await ok(bases[1], key, 'GET', `/v1/customers/${c.id}`);
    assert.equal(after.next_invoice_sequence, 11);
    assert.equal(after.balance, 0, 'the credit was applied once, to the first invoices finalized');
    const applied = answers.reduce((s, [a]) => s + (a.json.starting_balance - a.json.ending_balance), 0);
    assert.equal(applied, -300);
  });

  test('parallel finalizations for one customer across processes: distinct, consecutive numbers', async () => {
    const c = await customer('invoice_prefix=MPSEQ');
    const ids = await pool(range(80), 20, (i) => draft(c.id, 100 + i));
    const answers = await pool(ids, 80, (id, i) => call(at(i), key, 'POST', `/v1/invoices/${id}/finalize`, ''));
    assertNo5xx(answers);
    for (const a of answers) assert.equal(a.status, 200, a.text);
    const numbers = answers.map((a) => a.json.number).sort();
    assert.deepEqual(numbers, range(80).map((i) => `MPSEQ-${String(i + 1).padStart(4, '0')}`));
    assert.equal((await ok(bases[0], key, 'GET', `/v1/customers/${c.id}`)).next_invoice_sequence, 81);
    const stored = await listAll(bases[1], key, `/v1/invoices?customer=${c.id}`);
    assert.deepEqual(stored.map((inv) => inv.number).sort(), numbers);
  });

  test('parallel item creation against one draft across processes never passes 250 lines', async () => {
    const c = await customer();
    const inv = await ok(bases[0], key, 'POST', '/v1/invoices', `customer=${c.id}`);
    const answers = await pool(range(300), 100, (i) =>
      call(at(i), key, 'POST', '/v1/invoiceitems', `customer=${c.id}&invoice=${inv.id}&amount=${i + 1}&currency=usd`),
    );
    assertNo5xx(answers);
    const created = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    assert.equal(created.length, 250);
    for (const r of refused) {
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.error.param, 'invoice');
    }
    const { items, lines } = await contents(inv.id);
    assert.equal(items.length, 250);
    assert.equal(lines.length, 250);
    const got = await ok(bases[1], key, 'GET', `/v1/invoices/${inv.id}`);
    const sum = created.reduce((s, a) => s + a.json.amount, 0);
    assert.equal(got.subtotal, sum);
    assert.equal(got.total, sum);
  });

  test('concurrent metadata updates to one object from both processes lose nothing', async () => {
    const c = await customer('name=Meta');
    const inv = await ok(bases[0], key, 'POST', '/v1/invoices', `customer=${c.id}`);
    const item = await ok(bases[0], key, 'POST', '/v1/invoiceitems', `customer=${c.id}&amount=100&currency=usd`);
    const prod = await ok(bases[0], key, 'POST', '/v1/products', 'name=Meta');
    const targets = [`/v1/customers/${c.id}`, `/v1/invoices/${inv.id}`, `/v1/invoiceitems/${item.id}`, `/v1/products/${prod.id}`];
    const n = 45; // Stripe allows 50 metadata keys
    const jobs = targets.flatMap((path) => range(n).map((i) => ({ path, i })));
    const answers = await pool(jobs, 120, ({ path, i }) => call(at(i), key, 'POST', path, `metadata[k${i}]=v${i}`));
    assertNo5xx(answers);
    for (const a of answers) assert.equal(a.status, 200, a.text);
    for (const path of targets) {
      const got = await ok(bases[1], key, 'GET', path);
      assert.deepEqual(Object.keys(got.metadata).sort(), range(n).map((i) => `k${i}`).sort(), `${path} kept every key`);
    }
  });

  test('finalizations racing item creates, updates and deletes leave every invoice equal to its lines', async () => {
    const c = await customer('balance=-2500');
    const invoices: { id: string; items: string[] }[] = [];
    for (let k = 0; k < 8; k++) {
      const inv = await ok(bases[0], key, 'POST', '/v1/invoices', `customer=${c.id}`);
      const items = await pool(range(6), 6, (i) =>
        ok(at(i), key, 'POST', '/v1/invoiceitems', `customer=${c.id}&invoice=${inv.id}&amount=${1000 + i}&currency=usd`),
      );
      invoices.push({ id: inv.id, items: items.map((x) => x.id) });
    }
    const jobs: (() => Promise<Answer>)[] = [];
    for (const [k, inv] of invoices.entries()) {
      jobs.push(() => call(at(k), key, 'POST', `/v1/invoices/${inv.id}/finalize`, ''));
      for (let i = 0; i < 12; i++)
        jobs.push(() => call(at(i), key, 'POST', '/v1/invoiceitems', `customer=${c.id}&invoice=${inv.id}&amount=${2000 + i}&currency=usd`));
      for (const [i, id] of inv.items.entries()) {
        if (i < 3) jobs.push(() => call(at(i + 1), key, 'POST', `/v1/invoiceitems/${id}`, `amount=${3000 + i}&metadata[touched]=yes`));
        else if (i < 5) jobs.push(() => call(at(i), key, 'DELETE', `/v1/invoiceitems/${id}`));
      }
    }
    // Shuffled, so a finalization lands among its invoice's item changes.
    for (let i = jobs.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [jobs[i], jobs[j]] = [jobs[j], jobs[i]];
    }
    const answers = await pool(jobs, 100, (job) => job());
    assertNo5xx(answers);
    for (const a of answers) if (a.status !== 200) assert.equal(a.json.error.code, 'invoice_not_editable', a.text);

    let credit = 0;
    for (const inv of invoices) {
      const got = await ok(bases[0], key, 'GET', `/v1/invoices/${inv.id}`);
      assert.equal(got.status, 'open');
      assert.match(got.number, /-\d{4}$/);
      const { items, lines } = await contents(inv.id);
      const sum = items.reduce((s, x) => s + x.amount, 0);
      assert.equal(lines.length, items.length, 'one line per attached item');
      assert.equal(lines.reduce((s, l) => s + l.amount, 0), sum, 'lines mirror the items');
      assert.deepEqual(new Set(lines.map((l) => l.parent.invoice_item_details.invoice_item)), new Set(items.map((x) => x.id)));
      assert.equal(got.subtotal, sum, `${inv.id}: subtotal is the sum of its lines`);
      assert.equal(got.total, sum);
      assert.equal(got.amount_due, sum - (got.ending_balance - got.starting_balance), "the credit applied comes off the total");
      credit += got.starting_balance - got.ending_balance;
    }
    assert.equal(credit, -2500, 'the customer credit was spent exactly once');
    assert.equal((await ok(bases[1], key, 'GET', `/v1/customers/${c.id}`)).balance, 0);
  });

  test('the same invoice_prefix claimed by 20 customers at once: one gets it, the rest get Stripe\'s error', async () => {
    const answers = await pool(range(20), 20, (i) => call(at(i), key, 'POST', '/v1/customers', `invoice_prefix=MPDUP&name=D${i}`));
    assertNo5xx(answers);
    assert.equal(answers.filter((a) => a.status === 200).length, 1);
    for (const a of answers.filter((x) => x.status !== 200)) {
      assert.equal(a.status, 400, a.text);
      assert.equal(a.json.error.message, 'The invoice prefix MPDUP is already in use by another customer.');
    }
  });

  test('a worker killed with SIGKILL is replaced; the cluster keeps answering', async () => {
    const [victim] = workerPids(clustered.child.pid!);
    process.kill(victim, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const now = workerPids(clustered.child.pid!);
      if (now.length === 2 && !now.includes(victim)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(workerPids(clustered.child.pid!).filter((p) => p !== victim).length, 2, 'a new worker took its place');
    // Its replacement may still be starting; the surviving worker answers meanwhile, then both.
    let served = 0;
    for (let i = 0; i < 20 && served < 10; i++) {
      const res = await call(clustered.base, key, 'POST', '/v1/customers', `name=After${i}`).catch(() => null);
      if (res?.status === 200) served++;
    }
    assert.equal(served, 10);
  });
});
