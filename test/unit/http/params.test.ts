import { test } from 'node:test';
import assert from 'node:assert/strict';
import { s, validate, applyMetadata } from '../../../src/http/params.ts';
import { StripeError } from '../../../src/http/errors.ts';

const fields = {
  amount: s.integer({ min: -100, max: 100 }),
  quantity: s.integer({ min: 0 }),
  discountable: s.boolean(),
  currency: s.currency(),
  unit_amount_decimal: s.decimal({ allowNegative: true }),
  behavior: s.enum(['exclude', 'include'] as const),
  tax_rates: s.array(s.id(), { emptyable: true, max: 2 }),
  description: s.string({ max: 10 }),
  metadata: s.metadata(),
  period: s.object({ start: s.timestamp({ required: true }), end: s.timestamp({ required: true }) }),
  customer: s.id({ required: true }),
  created: s.range(),
};

const fails = (input: Record<string, unknown>, param: string, message?: RegExp | string) =>
  assert.throws(
    () => validate(fields, { customer: 'cus_1', ...input } as any),
    (e: any) => {
      assert.ok(e instanceof StripeError);
      assert.equal(e.status, 400);
      assert.equal(e.param, param);
      if (typeof message === 'string') assert.equal(e.message, message);
      else if (message) assert.match(e.message, message);
      return true;
    },
  );

test('strings become typed values', () => {
  const v = validate(fields, {
    customer: 'cus_1', amount: '-5', quantity: '0', discountable: 'false', currency: 'EUR', unit_amount_decimal: '10.50',
    behavior: 'include', tax_rates: ['txr_1'], period: { start: '1', end: '2' }, created: { gte: '10' },
  });
  assert.deepEqual(v, {
    customer: 'cus_1', amount: -5, quantity: 0, discountable: false, currency: 'eur', unit_amount_decimal: '10.5',
    behavior: 'include', tax_rates: ['txr_1'], period: { start: 1, end: 2 }, created: { gte: 10 },
  });
  assert.deepEqual(validate(fields, { customer: 'c', created: '5' }), { customer: 'c', created: 5 });
});

test("Stripe's messages for each kind of bad value, naming the param", () => {
  assert.throws(() => validate(fields, {}), (e: any) => e.message === 'Missing required param: customer.' && e.code === 'parameter_missing');
  fails({ foo: '1' }, 'foo', 'Received unknown parameter: foo');
  fails({ period: { start: '1', end: '2', x: '3' } }, 'period[x]', 'Received unknown parameter: period[x]');
  fails({ customers: 'x' }, 'customers', 'Received unknown parameter: customers. Did you mean customer?');
  fails({ period: { start: '1', ends: '2' } }, 'period[ends]', 'Received unknown parameter: period[ends]. Did you mean end?');
  fails({ created: { gtee: '1' } }, 'created[gtee]', 'Received unknown parameter: created[gtee]. Did you mean gte?');
  fails({ period: { start: '1' } }, 'period[end]', 'Missing required param: period[end].');
  fails({ amount: '1.5' }, 'amount', 'Invalid integer: 1.5');
  fails({ amount: '101' }, 'amount', "This value must be less than or equal to 100 (it currently is '101').");
  fails({ quantity: '-1' }, 'quantity', 'Invalid non-negative integer');
  fails({ amount: '99999999999999999999' }, 'amount', /^Invalid integer/);
  fails({ discountable: '1' }, 'discountable', 'Invalid boolean: 1');
  fails({ currency: 'zzz' }, 'currency', /^Invalid currency: zzz\. Stripe currently supports these currencies: usd, /);
  fails({ unit_amount_decimal: '1.0000000000001' }, 'unit_amount_decimal', /^Invalid decimal/);
  fails({ unit_amount_decimal: '1e5' }, 'unit_amount_decimal', /^Invalid decimal/);
  fails({ behavior: 'maybe' }, 'behavior', 'Invalid behavior: must be one of exclude or include');
  fails({ tax_rates: 'txr_1' }, 'tax_rates', 'Invalid array');
  fails({ tax_rates: ['a', 'b', 'c'] }, 'tax_rates', /at most 2/);
  fails({ tax_rates: [{ x: '1' }] }, 'tax_rates[0]', /^Invalid string/);
  fails({ description: 'x'.repeat(11) }, 'description', /must be at most 10 characters/);
  fails({ period: 'x' }, 'period', 'Invalid object');
  fails({ amount: '' }, 'amount', /^You passed an empty string for 'amount'/);
});

test('empty values unset what may be unset', () => {
  assert.deepEqual(validate(fields, { customer: 'c', tax_rates: '', metadata: '' }), { customer: 'c', tax_rates: null, metadata: null });
});

test('metadata rules: 50 keys, 40-character keys, 500-character string values, unset by empty value', () => {
  const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
  fails({ metadata: many }, 'metadata', "Metadata can have up to 50 keys, but you've set 51. Email us at support+metadata@stripe.com for more information.");
  fails({ metadata: { ['k'.repeat(41)]: 'v' } }, 'metadata', /must be a string under 40 characters/);
  fails({ metadata: { k: 'v'.repeat(501) } }, 'metadata', /under 500 characters/);
  fails({ metadata: { k: { nested: 'x' } } }, 'metadata', /must be a string/);
  const update = validate(fields, { customer: 'c', metadata: { a: '', b: '2' } }).metadata;
  assert.deepEqual(applyMetadata({ a: '1', c: '3' }, update), { b: '2', c: '3' });
  assert.deepEqual(applyMetadata({ a: '1' }, null), {});
  const full = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
  assert.throws(() => applyMetadata(full, { extra: 'v' }), (e: any) => /up to 50 keys, but you've set 51/.test(e.message));
});
