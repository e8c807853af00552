import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SUPPORTED_CURRENCIES, invalidCurrencyMessage, isSupportedCurrency, isThreeDecimal, isZeroDecimal, minorUnitDigits,
} from '../../../src/billing/currency.ts';

test('supported list starts with usd, has no duplicates, and includes byn', () => {
  assert.equal(SUPPORTED_CURRENCIES[0], 'usd');
  assert.equal(new Set(SUPPORTED_CURRENCIES).size, SUPPORTED_CURRENCIES.length);
  assert.ok(SUPPORTED_CURRENCIES.includes('byn'));
  for (const c of SUPPORTED_CURRENCIES) assert.match(c, /^[a-z]{3,4}$/);
});

test('isSupportedCurrency', () => {
  const cases: [string, boolean][] = [
    ['usd', true], ['USD', true], ['eur', true], ['jpy', true], ['byn', true], ['kwd', true],
    ['zzz', false], ['euro', false], ['', false], ['us', false],
  ];
  for (const [c, want] of cases) assert.equal(isSupportedCurrency(c), want, c);
});

test('zero- and three-decimal currencies', () => {
  const cases: [string, 0 | 2 | 3][] = [
    ['jpy', 0], ['JPY', 0], ['krw', 0], ['xof', 0], ['usd', 2], ['eur', 2],
    ['isk', 2], ['ugx', 2], // "special cases": two-decimal on the wire
    ['kwd', 3], ['bhd', 3], ['tnd', 3],
  ];
  for (const [c, digits] of cases) assert.equal(minorUnitDigits(c), digits, c);
  assert.equal(isZeroDecimal('jpy'), true);
  assert.equal(isZeroDecimal('usd'), false);
  assert.equal(isThreeDecimal('omr'), true);
  assert.equal(isThreeDecimal('jpy'), false);
});

test('every zero- and three-decimal currency is supported', () => {
  for (const c of ['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'vnd', 'vuv', 'xaf', 'xof', 'xpf', 'bhd', 'jod', 'kwd', 'omr', 'tnd']) {
    assert.ok(isSupportedCurrency(c), c);
  }
});

test('invalid currency message uses Stripe wording, lower-cases the input and lists usd first', () => {
  const msg = invalidCurrencyMessage('ZZZ');
  assert.ok(msg.startsWith('Invalid currency: zzz. Stripe currently supports these currencies: usd, aed, afn, all, '));
  assert.ok(msg.endsWith('sll, mro'));
  assert.ok(!msg.endsWith('.'));
  assert.equal(msg, `Invalid currency: zzz. Stripe currently supports these currencies: ${SUPPORTED_CURRENCIES.join(', ')}`);
});
