// PostgreSQL restarted under write load (`pg_ctl restart -m fast`: every connection cut, the
// server down for a moment): no InvoiceKit process dies, one on its own or a `--workers 2`
// cluster; the requests that meet the outage get a Stripe-shaped 5xx; once the database is back
// the same processes serve again; every acknowledged object is there; retrying the failed
// requests with their Idempotency-Keys creates each object once; webhook deliveries pause and
// resume, each event delivered once. A `--workers 2` started while the database is down waits
// for it instead of crash-looping.
// PostgreSQL only, on a cluster of the test's own (the shared one must not restart under other files).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newKey } from '../helpers/server.ts';
import { call, killAll, listAll, NEEDS_PG, ok, ownCluster, PG_URL, startProcess, workerPids, type Answer, type OwnCluster, type Running } from '../helpers/processes.ts';
import { startReceiver, type Receiver } from '../helpers/webhooks.ts';

const skip = PG_URL ? false : NEEDS_PG;

let cluster: OwnCluster;
let single: Running;
let workers: Running;
let receiver: Receiver;
const key = newKey();

/** The webhook retry schedule and a short connect timeout: a delivery the outage made fail is tried again within the test. */
const ARGS = ['--webhook-retry-schedule', '1,1,1', '--database-connect-timeout', '3'];

before(async () => {
  if (skip) return;
  cluster = await ownCluster();
  receiver = await startReceiver();
  single = await startProcess(cluster.url, ARGS);
  const endpoint = await ok(single.base, key, 'POST', '/v1/webhook_endpoints', `url=${encodeURIComponent(receiver.url)}&enabled_events[]=customer.created`);
  receiver.secret = endpoint.secret;
});

after(async () => {
  if (skip) return;
  killAll();
  await receiver.close();
  await cluster.stop();
});

interface Outcome {
  idem: string;
  body: string;
  answer: Answer | null;
  error?: string;
}

/** Requests sent so far, over both tests: each gets a key of its own. */
let n = 0;

/** Clients creating customers in a loop, each request with its own key, over both servers, until `stop()`. */
function load(bases: string[], clients: number) {
  const outcomes: Outcome[] = [];
  let stopping = false;
  const loop = async (c: number) => {
    while (!stopping) {
      const i = n++;
      const idem = `restart-${key}-${i}`;
      const body = `name=R${i}`;
      const o: Outcome = { idem, body, answer: null };
      outcomes.push(o);
      // Bounded: a request that met the outage must still be answered (connect and statement timeouts).
      o.answer = await call(bases[c % bases.length], key, 'POST', '/v1/customers', body, idem).catch((err: Error) => {
        o.error = String(err.cause ?? err);
        return null;
      });
    }
  };
  const done = Promise.all(Array.from({ length: clients }, (_, c) => loop(c)));
  return {
    outcomes,
    acked: () => outcomes.filter((o) => o.answer?.status === 200).length,
    stop: async () => {
      stopping = true;
      await done;
      return outcomes;
    },
  };
}

async function until(predicate: () => boolean, what: string, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; !predicate(); await new Promise((r) => setTimeout(r, 20)))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

/** Every request of both tests, for the final count. */
const all: Outcome[] = [];

/** Nobody died or was replaced; every request was answered, those that met the outage with a Stripe-shaped 5xx. */
function checkOutcomes(outcomes: Outcome[], processes: Running[]): void {
  for (const p of processes) {
    assert.equal(p.child.exitCode, null, 'the process runs');
    assert.doesNotMatch(p.stderr(), /exited|Unhandled|uncaught/i, p.stderr());
  }
  assert.deepEqual(outcomes.filter((o) => o.answer === null).map((o) => o.error), [], 'every request answered');
  const failed = outcomes.filter((o) => o.answer!.status !== 200);
  assert.ok(failed.length > 0, 'some requests met the outage');
  for (const o of failed) {
    assert.ok([500, 503].includes(o.answer!.status), o.answer!.text);
    assert.equal(o.answer!.json.error.type, 'api_error', o.answer!.text);
    assert.equal(typeof o.answer!.json.error.message, 'string');
    assert.equal(o.answer!.headers.get('stripe-should-retry'), 'true');
  }
  all.push(...outcomes);
}

describe('PostgreSQL restarts under load', { skip, concurrency: false }, () => {
  test('one process: it serves again after the restart; a --workers 2 started while the database is down waits for it', async () => {
    const traffic = load([single.base], 6);
    await until(() => traffic.acked() >= 30, 'writes before the restart');
    const restarting = cluster.restart(1.5);
    await new Promise((r) => setTimeout(r, 300));
    // Starting processes is slow on a busy machine: the wait is for the start, not for the database.
    const late = startProcess(cluster.url, ['--workers', '2', ...ARGS], 120_000);
    await restarting;
    const ackedAtRestart = traffic.acked();
    await until(() => traffic.acked() >= ackedAtRestart + 30, 'writes after the restart');
    checkOutcomes(await traffic.stop(), [single]);
    workers = await late;
    assert.equal(workerPids(workers.child.pid!).length, 2, 'two workers, started once');
    assert.doesNotMatch(workers.stderr(), /exited/);
  });

  test('--workers 2 and one process: the same processes recover; retried keys create nothing twice; webhooks resume, none doubled', async () => {
    const pidsBefore = workerPids(workers.child.pid!).sort();
    const traffic = load([single.base, workers.base], 8);
    await until(() => traffic.acked() >= 30, 'writes before the restart');
    await cluster.restart(1);
    const ackedAtRestart = traffic.acked();
    await until(() => traffic.acked() >= ackedAtRestart + 40, 'writes after the restart');
    checkOutcomes(await traffic.stop(), [single, workers]);
    assert.deepEqual(workerPids(workers.child.pid!).sort(), pidsBefore, 'the same two workers');

    // The failed requests again, with their keys: each creates at most one object.
    const failed = all.filter((o) => o.answer!.status !== 200);
    for (const [i, o] of failed.entries()) {
      const res = await call(i % 2 ? single.base : workers.base, key, 'POST', '/v1/customers', o.body, o.idem);
      assert.equal(res.status, 200, res.text);
      o.answer = res;
    }
    const customers = await listAll(workers.base, key, '/v1/customers');
    const ids = new Set(customers.map((c) => c.id));
    assert.equal(customers.length, all.length, 'one customer per Idempotency-Key');
    for (const o of all) assert.ok(ids.has(o.answer!.json.id), `${o.idem} -> ${o.answer!.json.id} is there`);

    // Webhooks: every customer.created delivered, none twice.
    await receiver.waitFor((r) => new Set(r.events().map((e) => (e.data.object as { id: string }).id)).size >= ids.size, 30_000, 'customer.created for every customer');
    assert.deepEqual(receiver.problems, []);
    const delivered = receiver.events().map((e) => e.id);
    assert.equal(new Set(delivered).size, delivered.length, 'no event delivered twice');
    assert.equal((await fetch(`${workers.base}/healthz`)).status, 200);
  });
});
