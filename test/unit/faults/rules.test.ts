// Fault rules, pure: matching by account, method and path pattern; counts and probability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FaultRules, parseRule } from '../../../src/faults/rules.ts';

const rule = (input: Record<string, unknown>, account: string | null = 'acct_a') => {
  const r = parseRule(input, account);
  assert.ok(typeof r !== 'string', String(r));
  return r;
};

test('a rule matches its method and path pattern, for its own account or, without one, for all', () => {
  const rules = new FaultRules();
  rules.add(rule({ method: 'post', path: '/v1/invoices/*/pay', fault: 'api_error' }));
  rules.add(rule({ path: '/v1/customers', fault: 'drop' }, null));
  assert.equal(rules.pick('acct_a', 'POST', '/v1/invoices/in_1/pay')?.fault, 'api_error');
  assert.equal(rules.pick('acct_a', 'GET', '/v1/invoices/in_1/pay'), null, 'method must match');
  assert.equal(rules.pick('acct_b', 'POST', '/v1/invoices/in_1/pay'), null, "another account's rule");
  assert.equal(rules.pick('acct_b', 'GET', '/v1/customers')?.fault, 'drop', 'a server rule applies to all');
  assert.equal(rules.pick('acct_b', 'GET', '/v1/customers/cus_1'), null, 'a pattern without * is exact');
  assert.equal(rules.pick(null, 'GET', '/v1/customers')?.fault, 'drop', 'even without a key');
});

test('count: a rule fires that many times and is gone; probability draws per request', () => {
  const rules = new FaultRules();
  rules.add(rule({ path: '*', fault: 'unavailable', count: 2 }));
  assert.ok(rules.pick('acct_a', 'GET', '/x'));
  assert.ok(rules.pick('acct_a', 'GET', '/x'));
  assert.equal(rules.pick('acct_a', 'GET', '/x'), null);
  assert.equal(rules.size, 0);

  rules.add(rule({ path: '*', fault: 'rate_limit', probability: 0.25, count: 1 }));
  assert.equal(rules.pick('acct_a', 'GET', '/x', () => 0.5), null, 'a draw above the probability passes, without using the count');
  assert.equal(rules.pick('acct_a', 'GET', '/x', () => 0.1)?.fault, 'rate_limit');
  assert.equal(rules.size, 0);
});

test('clear removes only the account\'s own rules', () => {
  const rules = new FaultRules();
  rules.add(rule({ fault: 'drop' }));
  rules.add(rule({ fault: 'drop' }, 'acct_b'));
  rules.add(rule({ fault: 'drop' }, null));
  assert.equal(rules.clear('acct_a'), 1);
  assert.deepEqual(rules.list('acct_a').map((r) => r.account), [null]);
  assert.equal(rules.list('acct_b').length, 2);
});
