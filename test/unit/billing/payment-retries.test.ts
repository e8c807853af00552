import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectionRunAt, DEFAULT_RETRY_OFFSETS, nextPaymentAttempt } from '../../../src/billing/payment-retries.ts';
import { formatAmount } from '../../../src/billing/format-amount.ts';
import { minimumChargeMessage } from '../../../src/billing/minimum-charge.ts';

const DAY = 86_400;

test('8 tries within 2 weeks: 7 retries after the first attempt, the last 14 days after it', () => {
  assert.equal(DEFAULT_RETRY_OFFSETS.length, 7);
  assert.equal(nextPaymentAttempt(1000, 1), 1000 + DAY);
  assert.equal(nextPaymentAttempt(1000, 7), 1000 + 14 * DAY);
  assert.equal(nextPaymentAttempt(1000, 8), null);
  assert.equal(nextPaymentAttempt(1000, 2, [60, 120]), 1120);
  assert.equal(nextPaymentAttempt(1000, 3, [60, 120]), null);
});

const inv = (o: Partial<Parameters<typeof collectionRunAt>[0]>) => ({
  status: 'draft', collection_method: 'charge_automatically', auto_advance: true, created: 100,
  automatically_finalizes_at: null, next_payment_attempt: null, amount_remaining: 500, ...o,
});

test('when collection acts on an invoice', () => {
  assert.equal(collectionRunAt(inv({})), 3700);
  assert.equal(collectionRunAt(inv({ automatically_finalizes_at: 200 })), 200);
  assert.equal(collectionRunAt(inv({ collection_method: 'send_invoice' })), 3700);
  assert.equal(collectionRunAt(inv({ auto_advance: false })), null);
  assert.equal(collectionRunAt(inv({ status: 'open', next_payment_attempt: 9000 })), 9000);
  assert.equal(collectionRunAt(inv({ status: 'open', next_payment_attempt: 9000, collection_method: 'send_invoice' })), null);
  assert.equal(collectionRunAt(inv({ status: 'open', next_payment_attempt: 9000, amount_remaining: 0 })), null);
  for (const status of ['paid', 'void', 'uncollectible']) assert.equal(collectionRunAt(inv({ status, next_payment_attempt: 9000 })), null);
});

test('amounts in messages', () => {
  assert.equal(formatAmount(2145, 'usd'), '$21.45');
  assert.equal(formatAmount(9390, 'GBP'), '£93.90');
  assert.equal(formatAmount(500, 'jpy'), '¥500');
  assert.equal(formatAmount(1234, 'kwd'), '1.234');
  assert.equal(minimumChargeMessage('usd'), 'Amount must be at least $0.50 usd');
  assert.equal(minimumChargeMessage('jpy'), 'Amount must be at least ¥50 jpy');
  assert.equal(minimumChargeMessage('chf'), 'Amount must be at least 0.50 chf');
});
