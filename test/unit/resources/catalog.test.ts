// Pure helpers of the catalog resources (products, prices, tax rates, coupons).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPercentage, decimalPlaces } from '../../../src/resources/tax-rates/percentage.ts';
import { isCouponValid } from '../../../src/resources/coupons/model.ts';
import { randomCouponId } from '../../../src/resources/coupons/service.ts';
import { unitAmounts } from '../../../src/resources/prices/service.ts';
import { StripeError } from '../../../src/http/errors.ts';

const fails = (fn: () => unknown, param: string, message?: RegExp) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof StripeError);
    assert.equal(e.param, param);
    if (message) assert.match(e.message, message);
    return true;
  });

describe('decimalPlaces', () => {
  test('counts the digits after the point as JavaScript prints the number', () => {
    const cases: [number, number][] = [[0, 0], [7, 0], [-7, 0], [19.5, 1], [12.3456, 4], [0.1 + 0.2, 17], [1e-7, 7], [1.5e-7, 8], [1e21, 0], [-0.25, 2]];
    for (const [n, places] of cases) assert.equal(decimalPlaces(n), places, String(n));
    assert.equal(decimalPlaces(Infinity), Infinity);
    assert.equal(decimalPlaces(NaN), Infinity);
  });
});

describe('checkPercentage', () => {
  const tax = { places: 4, exclusiveMin: false };
  const coupon = { places: 2, exclusiveMin: true };
  test('accepts the range and returns the value', () => {
    assert.equal(checkPercentage('percentage', 0, tax), 0);
    assert.equal(checkPercentage('percentage', -0, tax), 0);
    assert.ok(Object.is(checkPercentage('percentage', -0, tax), 0));
    assert.equal(checkPercentage('percentage', 100, tax), 100);
    assert.equal(checkPercentage('percentage', 12.3456, tax), 12.3456);
    assert.equal(checkPercentage('percent_off', 0.01, coupon), 0.01);
    assert.equal(checkPercentage('percent_off', 100, coupon), 100);
  });
  test('rejects out of range and too many decimals, naming the param', () => {
    fails(() => checkPercentage('percentage', -0.0001, tax), 'percentage', /between 0 and 100/);
    fails(() => checkPercentage('percentage', 100.0001, tax), 'percentage');
    fails(() => checkPercentage('percentage', 1.23456, tax), 'percentage', /more than 4 decimal places/);
    fails(() => checkPercentage('percent_off', 0, coupon), 'percent_off', /greater than 0 and at most 100/);
    fails(() => checkPercentage('percent_off', 33.333, coupon), 'percent_off', /more than 2 decimal places/);
  });
});

describe('isCouponValid', () => {
  const base = { redeem_by: null, max_redemptions: null, times_redeemed: 0 };
  test('valid until redeem_by has passed (inclusive) and while redemptions remain', () => {
    assert.equal(isCouponValid(base, 1000), true);
    assert.equal(isCouponValid({ ...base, redeem_by: 1000 }, 1000), true);
    assert.equal(isCouponValid({ ...base, redeem_by: 1000 }, 1001), false);
    assert.equal(isCouponValid({ ...base, max_redemptions: 2, times_redeemed: 1 }, 0), true);
    assert.equal(isCouponValid({ ...base, max_redemptions: 2, times_redeemed: 2 }, 0), false);
  });
});

describe('randomCouponId', () => {
  test('8 uppercase letters and digits, varied', () => {
    const ids = new Set(Array.from({ length: 200 }, () => randomCouponId()));
    for (const id of ids) assert.match(id, /^[A-Z0-9]{8}$/);
    assert.ok(ids.size > 195);
  });
});

describe('unitAmounts', () => {
  test('an integer unit_amount is echoed as a decimal string too', () => {
    assert.deepEqual(unitAmounts({ unit_amount: 2000 }), { unit_amount: 2000, unit_amount_decimal: '2000' });
    assert.deepEqual(unitAmounts({ unit_amount: 0 }), { unit_amount: 0, unit_amount_decimal: '0' });
  });
  test('a decimal is canonicalised; unit_amount only when it is whole', () => {
    assert.deepEqual(unitAmounts({ unit_amount_decimal: '0012.500' }), { unit_amount: null, unit_amount_decimal: '12.5' });
    assert.deepEqual(unitAmounts({ unit_amount_decimal: '12.000' }), { unit_amount: 12, unit_amount_decimal: '12' });
    assert.deepEqual(unitAmounts({ unit_amount_decimal: '999999999999.999999999999' }), {
      unit_amount: null,
      unit_amount_decimal: '999999999999.999999999999',
    });
  });
  test('errors name the params under the prefix', () => {
    fails(() => unitAmounts({ unit_amount: 1, unit_amount_decimal: '1' }, 'price_data'), 'price_data[unit_amount]', /only specify one/);
    fails(() => unitAmounts({}, 'price_data'), 'price_data[unit_amount]', /require an `unit_amount`/);
    fails(() => unitAmounts({}), 'unit_amount');
    fails(() => unitAmounts({ unit_amount: -1 }), 'unit_amount');
    fails(() => unitAmounts({ unit_amount: 1e13 }), 'unit_amount', /less than or equal to 999999999999/);
    fails(() => unitAmounts({ unit_amount_decimal: '-1' }), 'unit_amount_decimal');
    fails(() => unitAmounts({ unit_amount_decimal: '1.1234567890123' }), 'unit_amount_decimal');
    fails(() => unitAmounts({ unit_amount_decimal: '1000000000000' }), 'unit_amount_decimal');
  });
});
