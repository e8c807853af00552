import { test } from 'node:test';
import assert from 'node:assert/strict';
import { luhnValid, TEST_CARDS, testCardByNumber, testCardByPm, testCardByToken } from '../../../src/resources/payment-methods/test-cards.ts';

test('every test card number passes the Luhn check; 4242424242424241 does not', () => {
  for (const c of TEST_CARDS) assert.ok(luhnValid(c.number), c.number);
  assert.equal(luhnValid('4242424242424241'), false);
  assert.equal(luhnValid('42'), false);
});

test('lookups by PaymentMethod id, token and number', () => {
  assert.equal(testCardByPm('pm_card_visa')?.number, '4242424242424242');
  assert.equal(testCardByToken('tok_chargeDeclined')?.chargeDecline?.decline_code, 'generic_decline');
  assert.equal(testCardByPm('pm_card_chargeCustomerFail')?.attachDecline, null);
  assert.equal(testCardByPm('pm_card_chargeCustomerFail')?.chargeDecline?.code, 'card_declined');
  // A number shared by a declining card and an attach-then-fail token is the declining card.
  assert.notEqual(testCardByNumber('4000000000009987')?.attachDecline, null);
  assert.equal(testCardByPm('pm_card_nope'), undefined);
});

test('the cards that cannot be attached decline charges the same way', () => {
  for (const c of TEST_CARDS) if (c.attachDecline) assert.deepEqual(c.chargeDecline, c.attachDecline);
});
