// Logs like `stripe listen`: one line per request and one per webhook delivery attempt, human
// by default or JSON lines (pino) with logFormat 'json'; logLevel 'warn' keeps only failures.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { startInvoiceKit, type InvoiceKit } from 'invoicekit';
import { startReceiver, type Receiver } from '../helpers/webhooks.ts';

const kits: InvoiceKit[] = [];
const receivers: Receiver[] = [];
after(async () => {
  for (const k of kits) await k.close();
  for (const r of receivers) await r.close();
});

async function kitWithLog(format: 'human' | 'json', level: 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  const kit = await startInvoiceKit({
    logFormat: format,
    logLevel: level,
    logDestination: { write: (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)) },
    webhookRetrySchedule: [0.2, 0.4],
  });
  kits.push(kit);
  return { kit, lines, stripe: new Stripe('sk_test_logs', { ...kit.stripeOptions, maxNetworkRetries: 0 }) };
}

/** Waits (polling) until `lines` has one that `match` accepts. */
async function lineLike(lines: string[], match: (line: string) => boolean, what: string): Promise<string> {
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const found = lines.find(match);
    if (found) return found;
  }
  throw new Error(`no log line for ${what}; lines:\n${lines.join('\n')}`);
}

/** An endpoint whose receiver fails the first delivery with a 500, then takes the retry. */
async function failingOnce(stripe: Stripe): Promise<Receiver> {
  const r = await startReceiver(null, (n) => (n === 0 ? 500 : 200));
  receivers.push(r);
  const ep = await stripe.webhookEndpoints.create({ url: r.url, enabled_events: ['customer.created'] });
  r.secret = ep.secret!;
  return r;
}

test('JSON lines: each request with status, duration, request id and idempotency key; each delivery attempt with its outcome and next retry', async () => {
  const { lines, stripe } = await kitWithLog('json');
  const r = await failingOnce(stripe);
  const customer = await stripe.customers.create({ name: 'logged' }, { idempotencyKey: 'log-key-1' });
  const request = JSON.parse(await lineLike(lines, (l) => l.includes('"POST"') && l.includes('/v1/customers"'), 'POST /v1/customers'));
  assert.equal(request.msg, 'request');
  assert.equal(request.status, 200);
  assert.equal(request.idempotency_key, 'log-key-1');
  assert.match(request.request_id, /^req_/);
  assert.equal(typeof request.duration_ms, 'number');
  assert.ok(!Number.isNaN(Date.parse(request.time)));

  const failed = JSON.parse(await lineLike(lines, (l) => l.includes('webhook delivery') && l.includes('"status":500'), 'the failed attempt'));
  assert.equal(failed.event_type, 'customer.created');
  assert.match(failed.event_id, /^evt_/);
  assert.match(failed.endpoint, /^we_/);
  assert.equal(failed.url, r.url);
  assert.equal(failed.attempt, 1);
  assert.ok(!Number.isNaN(Date.parse(failed.next_retry_at)), 'a failed attempt says when the next one is');
  const delivered = JSON.parse(await lineLike(lines, (l) => l.includes('webhook delivery') && l.includes('"status":200'), 'the retry'));
  assert.equal(delivered.event_id, failed.event_id);
  assert.equal(delivered.attempt, 2);
  assert.equal(delivered.next_retry_at, null);
  const event = r.events()[0] as Stripe.Event;
  assert.equal((event.data.object as Stripe.Customer).id, customer.id);
});

test('human lines by default, like stripe listen', async () => {
  const { lines, stripe } = await kitWithLog('human');
  await failingOnce(stripe);
  await stripe.customers.create({ name: 'logged' }, { idempotencyKey: 'human-key' });
  const request = await lineLike(lines, (l) => l.includes('POST /v1/customers'), 'POST /v1/customers');
  assert.match(request, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} {2}200 POST \/v1\/customers [\d.]+ms \[req_\w+\] idempotency_key=human-key$/);
  const failed = await lineLike(lines, (l) => l.includes('--> customer.created') && l.includes('<-- 500'), 'the failed attempt');
  assert.match(failed, /--> customer\.created \[evt_\w+\] we_\w+ http:\/\/127\.0\.0\.1:\d+\/\S* <-- 500 [\d.]+ms \(attempt 1, next retry \d{4}-/);
  await lineLike(lines, (l) => l.includes('--> customer.created') && l.includes('<-- 200'), 'the retry');
});

test("level warn drops request lines and successful deliveries, keeps failed ones", async () => {
  const { lines, stripe } = await kitWithLog('human', 'warn');
  await failingOnce(stripe);
  await stripe.customers.create({ name: 'quiet' });
  await lineLike(lines, (l) => l.includes('<-- 500'), 'the failed attempt');
  const kit = kits[kits.length - 1];
  await kit.close();
  assert.ok(!lines.some((l) => l.includes('POST /v1/customers')), lines.join('\n'));
});
