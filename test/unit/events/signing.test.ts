import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { newSecret, signature, signatureHeader } from '../../../src/events/signing.ts';

const sdk = new Stripe('sk_test_unit');

test('the header is t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">', () => {
  const header = signatureHeader('{"a":1}', 'whsec_test', 1700000000);
  const expected = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');
  assert.equal(header, `t=1700000000,v1=${expected}`);
  assert.equal(signature('{"a":1}', 'whsec_test', 1700000000), expected);
});

test("the official SDK's constructEvent accepts it, and rejects a changed body, secret or old timestamp", () => {
  const secret = newSecret();
  const body = JSON.stringify({ id: 'evt_1', object: 'event', type: 'invoice.paid', data: { object: { id: 'in_1' } } }, null, 2);
  const now = Math.floor(Date.now() / 1000);
  const event = sdk.webhooks.constructEvent(body, signatureHeader(body, secret, now), secret);
  assert.equal(event.id, 'evt_1');
  // The SDK's own test header agrees with ours.
  assert.equal(sdk.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: now }), signatureHeader(body, secret, now));
  assert.throws(() => sdk.webhooks.constructEvent(body + ' ', signatureHeader(body, secret, now), secret), /No signatures found matching/);
  assert.throws(() => sdk.webhooks.constructEvent(body, signatureHeader(body, newSecret(), now), secret), /No signatures found matching/);
  assert.throws(() => sdk.webhooks.constructEvent(body, signatureHeader(body, secret, now - 600), secret), /Timestamp outside the tolerance zone/);
});

test('secrets look like Stripe\'s and differ', () => {
  const a = newSecret();
  assert.match(a, /^whsec_[A-Za-z0-9]{32}$/);
  assert.notEqual(a, newSecret());
});
