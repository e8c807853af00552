import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STRIPE_TEST_MODE_SCHEDULE, parseSchedule, retryDelay } from '../../../src/events/schedule.ts';
import { loadConfig } from '../../../src/config.ts';

test("Stripe's test mode: three retries over a few hours, each wait twice the one before", () => {
  assert.equal(STRIPE_TEST_MODE_SCHEDULE.length, 3);
  const total = STRIPE_TEST_MODE_SCHEDULE.reduce((a, b) => a + b, 0);
  assert.ok(total >= 2 * 3600 && total <= 6 * 3600, `${total} s`);
  for (let i = 1; i < STRIPE_TEST_MODE_SCHEDULE.length; i++) assert.equal(STRIPE_TEST_MODE_SCHEDULE[i], 2 * STRIPE_TEST_MODE_SCHEDULE[i - 1]);
});

test('retryDelay: the n-th failure waits the n-th delay; after the last, none', () => {
  const s = [1, 2, 4];
  assert.equal(retryDelay(1, s), 1);
  assert.equal(retryDelay(2, s), 2);
  assert.equal(retryDelay(3, s), 4);
  assert.equal(retryDelay(4, s), null);
  assert.equal(retryDelay(0, s), null);
  assert.equal(retryDelay(1, []), null, 'an empty schedule never retries');
});

test('parseSchedule and the flag/env that use it', () => {
  assert.deepEqual(parseSchedule('1,2,4'), [1, 2, 4]);
  assert.deepEqual(parseSchedule(' 0.5 , 3 '), [0.5, 3]);
  for (const bad of ['', '1,,2', 'a', '-1']) assert.equal(typeof parseSchedule(bad), 'string', bad);
  const flag = loadConfig(['--webhook-retry-schedule', '1,2,4'], {});
  assert.deepEqual('webhookRetrySchedule' in flag && flag.webhookRetrySchedule, [1, 2, 4]);
  const env = loadConfig([], { INVOICEKIT_WEBHOOK_RETRY_SCHEDULE: '3' });
  assert.deepEqual('webhookRetrySchedule' in env && env.webhookRetrySchedule, [3]);
  const dflt = loadConfig([], {});
  assert.deepEqual('webhookRetrySchedule' in dflt && dflt.webhookRetrySchedule, STRIPE_TEST_MODE_SCHEDULE);
  assert.ok('error' in loadConfig(['--webhook-retry-schedule', 'x'], {}));
  const fwd = loadConfig(['--forward-to', 'http://localhost:4242/webhook'], {});
  assert.equal('forwardTo' in fwd && fwd.forwardTo, 'http://localhost:4242/webhook');
  assert.ok('error' in loadConfig(['--forward-to', 'localhost:4242'], {}));
  assert.equal('webhookTimeout' in dflt && dflt.webhookTimeout, 10);
});
