import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseForm } from '../../../src/http/form.ts';
import { StripeError } from '../../../src/http/errors.ts';

test('bracket syntax: nested hashes, both array forms, empty values', () => {
  assert.deepEqual(parseForm('metadata[order_id]=6735&metadata[x]='), { metadata: { order_id: '6735', x: '' } });
  assert.deepEqual(parseForm('expand[]=a&expand[]=b'), { expand: ['a', 'b'] });
  assert.deepEqual(parseForm('expand[0]=a&expand[1]=b'), { expand: ['a', 'b'] });
  assert.deepEqual(parseForm('discounts[0][coupon]=c&discounts[1][discount]=d'), { discounts: [{ coupon: 'c' }, { discount: 'd' }] });
  assert.deepEqual(parseForm('period[start]=1&period[end]=2'), { period: { start: '1', end: '2' } });
  assert.deepEqual(parseForm('metadata='), { metadata: '' });
  assert.deepEqual(parseForm(''), {});
});

test('encodings: percent-escapes, plus as space, encoded brackets, broken escapes kept verbatim', () => {
  assert.deepEqual(parseForm('description=T-shirt%20%26%20cap&name=a+b'), { description: 'T-shirt & cap', name: 'a b' });
  assert.deepEqual(parseForm('metadata%5Bk%5D=v'), { metadata: { k: 'v' } });
  assert.deepEqual(parseForm('description=%E0%A4%A'), { description: '%E0%A4%A' });
});

test('large arrays stay arrays (lines[25] is not turned into a hash)', () => {
  const body = Array.from({ length: 300 }, (_, i) => `lines[${i}][id]=il_${i}`).join('&');
  const parsed = parseForm(body) as { lines: { id: string }[] };
  assert.ok(Array.isArray(parsed.lines));
  assert.equal(parsed.lines.length, 300);
  assert.equal(parsed.lines[299].id, 'il_299');
});

test('duplicate keys combine into an array, so a scalar param sees a wrong type', () => {
  assert.deepEqual(parseForm('amount=1&amount=2'), { amount: ['1', '2'] });
});

test('hostile shapes are refused with Stripe-shaped 400s', () => {
  const deep = 'a' + '[b]'.repeat(12) + '=1';
  assert.throws(() => parseForm(deep), (e: any) => e instanceof StripeError && e.status === 400 && /nested/.test(e.message));
  const many = Array.from({ length: 10_001 }, (_, i) => `k${i}=1`).join('&');
  assert.throws(() => parseForm(many), (e: any) => e instanceof StripeError && /parameters/.test(e.message));
  assert.throws(() => parseForm('lines[5000][id]=x'), (e: any) => e instanceof StripeError && /array/.test(e.message));
  // `__proto__` in a key is refused, never silently dropped; nothing reaches Object.prototype.
  for (const raw of ['__proto__[polluted]=1', 'metadata[__proto__]=v', '%5F%5Fproto%5F%5F=1', 'a[b]=1&c[__proto__][d]=2'])
    assert.throws(() => parseForm(raw), (e: any) => e instanceof StripeError && e.status === 400 && /__proto__/.test(e.message), raw);
  const ctor = parseForm('constructor[prototype][x]=1') as any;
  assert.deepEqual(JSON.parse(JSON.stringify(ctor)), { constructor: { prototype: { x: '1' } } });
  assert.equal(({} as any).polluted, undefined);
  assert.equal(({} as any).x, undefined);
  assert.equal(Object.getPrototypeOf(ctor), Object.prototype);
  // As a value it is just a string.
  assert.deepEqual(parseForm('description=__proto__'), { description: '__proto__' });
});

test('keys named like Object.prototype members are kept as data', () => {
  assert.deepEqual(parseForm('metadata[constructor]=x&metadata[toString]=y&metadata[hasOwnProperty]=z&metadata[a]=1'), {
    metadata: { constructor: 'x', toString: 'y', hasOwnProperty: 'z', a: '1' },
  });
});
