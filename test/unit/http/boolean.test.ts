import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFormBoolean } from '../../../src/http/boolean.ts';
import { s, validate } from '../../../src/http/params.ts';
import { StripeError } from '../../../src/http/errors.ts';

test('true and false in any case are booleans, as Stripe v1 takes them from older clients', () => {
  for (const v of ['true', 'True', 'TRUE', 'tRuE']) assert.equal(parseFormBoolean(v), true, v);
  for (const v of ['false', 'False', 'FALSE', 'fAlSe']) assert.equal(parseFormBoolean(v), false, v);
});

test('anything else is not a boolean', () => {
  for (const v of ['', '1', '0', 'yes', 'no', 'on', 't', 'f', 'tru', 'truee', ' true', 'true ', 'null', 'falsetrue'])
    assert.equal(parseFormBoolean(v), undefined, JSON.stringify(v));
});

test("a schema boolean coerces every case and rejects junk with Stripe's message and param", () => {
  const fields = { inclusive: s.boolean(), nested: s.object({ enabled: s.boolean() }) };
  assert.deepEqual(validate(fields, { inclusive: 'True', nested: { enabled: 'FALSE' } }), { inclusive: true, nested: { enabled: false } });
  const rejects = (input: Record<string, unknown>, param: string, message: string) =>
    assert.throws(
      () => validate(fields, input as any),
      (e: unknown) => e instanceof StripeError && e.status === 400 && e.param === param && e.message === message && e.type === 'invalid_request_error',
    );
  rejects({ inclusive: '1' }, 'inclusive', 'Invalid boolean: 1');
  rejects({ inclusive: 'yes' }, 'inclusive', 'Invalid boolean: yes');
  rejects({ nested: { enabled: 'Truth' } }, 'nested[enabled]', 'Invalid boolean: Truth');
  rejects({ inclusive: ['true'] }, 'inclusive', 'Invalid boolean: ["true"]');
  rejects({ inclusive: '' }, 'inclusive', "You passed an empty string for 'inclusive'. We assume empty values are an attempt to unset a parameter; however 'inclusive' cannot be unset. You should remove 'inclusive' from your request or supply a non-empty value.");
});
