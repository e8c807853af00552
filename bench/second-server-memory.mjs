// What a second server in the same process would cost in memory: the way a server per core
// would use this machine's second core (docs/performance.md, "The limits"). Builds the compiled
// app (dist/, `npm run build` first) on a fresh SQLite file, sends it 200 creates and a list, gives
// memory back as an idle server does (memory/idle-release.ts), and prints the process's resident
// size; then does the same again with a second such server in a worker thread (its own heap and
// SQLite connection, as a thread per core would have), and prints the resident size of both.
// The requests come from the main thread in both cases, so the worker holds no HTTP client.
//
//   node bench/second-server-memory.mjs
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../dist/app.js';
import { openStore } from '../dist/store/db.js';
import { collectAllGarbage } from '../dist/memory/idle-release.js';

const rssMiB = () => process.memoryUsage.rss() / 2 ** 20;

/** A server on a fresh SQLite file; its base URL. */
async function startServer(file) {
  const store = await openStore(file, {});
  return buildApp({ store }).listen({ port: 0, host: '127.0.0.1' });
}

/** Some work for the server at `base` (sent from the main thread, so a worker loads no HTTP client). */
async function work(base) {
  const headers = { authorization: `Bearer sk_test_memory${Math.random().toString(36).slice(2)}`, 'content-type': 'application/x-www-form-urlencoded' };
  const customer = await (await fetch(`${base}/v1/customers`, { method: 'POST', headers, body: 'name=Memory' })).json();
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${base}/v1/invoiceitems`, { method: 'POST', headers, body: `customer=${customer.id}&amount=${100 + i}&currency=usd` });
    if (!res.ok) throw new Error(`create answered ${res.status}`);
    await res.arrayBuffer();
  }
  await (await fetch(`${base}/v1/invoiceitems?limit=10`, { headers })).arrayBuffer();
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

if (isMainThread) {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-memory-'));
  await work(await startServer(join(dir, 'first.sqlite')));
  await collectAllGarbage();
  await settle();
  const one = rssMiB();
  const worker = new Worker(new URL(import.meta.url), { workerData: join(dir, 'second.sqlite') });
  const next = () =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await work(await next());
  worker.postMessage('collect');
  await next();
  await collectAllGarbage();
  await settle();
  const two = rssMiB();
  console.log(`one server: ${one.toFixed(0)} MiB resident; with a second in a worker thread: ${two.toFixed(0)} MiB (+${(two - one).toFixed(0)})`);
  process.exit(0);
} else {
  parentPort.postMessage(await startServer(workerData));
  parentPort.on('message', () => void collectAllGarbage().then(() => parentPort.postMessage('collected')));
}
