import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import {
  exactLineAmount, integerOrNull, lineAmount, parseDecimal, parseQuantityDecimal, parseUnitAmountDecimal, truncatedQuantity,
} from '../../../src/billing/decimal-amount.ts';
import { AmountOverflowError, ROUNDING } from '../../../src/billing/rounding.ts';

test('parseUnitAmountDecimal: accepted inputs and their canonical form', () => {
  const cases: [string | number, string][] = [
    ['1099', '1099'], ['0', '0'], ['-0', '0'], ['-0.000', '0'], ['007', '7'], ['10.50', '10.5'], ['5.000', '5'],
    ['105.5', '105.5'], ['0.05', '0.05'], ['-250', '-250'], ['-0.5', '-0.5'],
    ['0.000000000001', '0.000000000001'], ['1.123456789012', '1.123456789012'],
    ['9999999999999999999', '9999999999999999999'], ['0000000000000000000001', '1'],
    [1099, '1099'], [10.5, '10.5'],
  ];
  for (const [input, want] of cases) assert.equal(parseUnitAmountDecimal(input), want, String(input));
});

test('parseDecimal: rejected inputs', () => {
  const bad: (string | number)[] = [
    '', ' ', ' 1', '1 ', '+1', '1e3', '1E3', '1.', '.5', '.', '-', '--1', '1,5', '0x10', 'abc', '1.0000000000001',
    '10000000000000000000', 'NaN', 'Infinity', Number.NaN, Number.POSITIVE_INFINITY, 1e21, 1e-7,
  ];
  for (const input of bad) assert.equal(parseUnitAmountDecimal(input), null, JSON.stringify(String(input)));
});

test('quantity_decimal is non-negative', () => {
  assert.equal(parseQuantityDecimal('-1'), null);
  assert.equal(parseQuantityDecimal('2.50'), '2.5');
  assert.equal(parseDecimal('-1', { allowNegative: true }), '-1');
});

test('truncatedQuantity and integerOrNull', () => {
  assert.equal(truncatedQuantity('5.7'), 5);
  assert.equal(truncatedQuantity('0.999999999999'), 0);
  assert.equal(truncatedQuantity('12'), 12);
  assert.equal(integerOrNull('1099'), 1099);
  assert.equal(integerOrNull('0.05'), null);
  assert.equal(integerOrNull('-300'), -300);
  assert.equal(integerOrNull('99999999999999999'), null);
});

test('ROUNDING is half-up (half away from zero)', () => assert.equal(ROUNDING, 'half-up'));

test('lineAmount: rounding at .5 for positive and negative, 12-decimal unit amounts', () => {
  const cases: [string, string | number, number][] = [
    ['0.05', 30, 2], // Stripe's documented example: 1.5 -> 2
    ['0.05', '30', 2],
    ['-0.05', 30, -2], // mirrored: -1.5 -> -2
    ['0.5', 1, 1], ['-0.5', 1, -1], ['2.5', 1, 3], ['-2.5', 1, -3],
    ['0.499999999999', 1, 0], ['-0.499999999999', 1, 0],
    ['0.000000000001', 1, 0], ['0.000000000001', '500000000000', 1], ['0.000000000001', '499999999999', 0],
    ['0.123456789012', '1000000000000', 123456789012],
    ['1.999999999999', 2, 4],
    ['1099', 3, 3297], ['1099', '2.5', 2748], // 2747.5 -> 2748
    ['333.5', 3, 1001], // jpy: 1000.5 -> 1001 yen
    ['100', '0.000000000001', 0], ['0', 7, 0], ['-1099', 0, 0],
  ];
  for (const [unit, qty, want] of cases) assert.equal(lineAmount(unit, qty), want, `${unit} x ${qty}`);
});

test('lineAmount is exact where floats are not', () => {
  // 0.1 * 3 = 0.30000000000000004 in doubles; exact 1.005 * 1000 = 1005.
  assert.equal(lineAmount('1.005', 1000), 1005);
  assert.equal(exactLineAmount('0.1', 3).toFixed(), '0.3');
  assert.equal(exactLineAmount('0.000000000001', '0.000000000001').toFixed(), '0.000000000000000000000001');
});

test('lineAmount guards against unsafe integers and malformed input', () => {
  assert.equal(lineAmount('9007199254740991', 1), Number.MAX_SAFE_INTEGER);
  assert.throws(() => lineAmount('9007199254740992', 1), AmountOverflowError);
  assert.throws(() => lineAmount('9999999999999999999', '9999999999999999999'), AmountOverflowError);
  assert.throws(() => lineAmount('-9007199254740992', 1), AmountOverflowError);
  assert.throws(() => lineAmount('1e3', 1), RangeError);
  assert.throws(() => lineAmount('10', -1), RangeError);
});

const decimalString = fc
  .tuple(fc.boolean(), fc.stringMatching(/^\d{1,19}$/), fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }))
  .map(([neg, i, f]) => `${neg ? '-' : ''}${i}${f === undefined ? '' : `.${f}`}`);

test('property: parse is idempotent and preserves the value', () => {
  fc.assert(
    fc.property(decimalString, (s) => {
      const canon = parseUnitAmountDecimal(s);
      assert.notEqual(canon, null);
      assert.equal(parseUnitAmountDecimal(canon!), canon);
      assert.ok(new Decimal(canon!).eq(new Decimal(s)));
      assert.doesNotMatch(canon!, /\.\d*0$|^-?0\d|^-0$/);
    }),
  );
});

test('property: lineAmount is within 0.5 of the exact product and symmetric in sign', () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^\d{1,6}(\.\d{1,12})?$/),
      fc.stringMatching(/^\d{1,4}(\.\d{1,6})?$/),
      (unit, qty) => {
        const exact = new Decimal(unit).times(qty);
        const got = lineAmount(unit, qty);
        assert.ok(exact.minus(got).abs().lte(0.5));
        assert.equal(lineAmount(`-${unit}`, qty), got === 0 ? 0 : -got);
      },
    ),
  );
});
