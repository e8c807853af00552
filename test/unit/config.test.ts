// Command-line and environment configuration: what is refused, and how it is said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type Config } from '../../src/config.ts';

const error = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const c = loadConfig(argv, env);
  assert.ok('error' in c, `expected an error for ${argv.join(' ')}`);
  return c.error;
};
const config = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const c = loadConfig(argv, env);
  assert.ok(!('error' in c) && !('help' in c), JSON.stringify(c));
  return c as Config;
};

test('--api-keys takes sk_test_ keys only, from the flag or the environment', () => {
  for (const bad of ['sk_live_abc', 'rk_test_abc', 'pk_test_abc', 'sk_test_ok,sk_live_no', 'sk_test_with space', 'sk_test_']) {
    assert.match(error(['--api-keys', bad]), /^--api-keys takes test-mode secret keys only \(sk_test_/, bad);
  }
  assert.match(error([], { INVOICEKIT_API_KEYS: 'sk_live_x' }), /sk_test_/);
  assert.doesNotMatch(error(['--api-keys', 'sk_live_secretsecret']), /secretsecret/, 'a live key is not echoed whole');
  assert.deepEqual(config(['--api-keys', 'sk_test_a, sk_test_b']).apiKeys, ['sk_test_a', 'sk_test_b']);
});

test('log, fault and seed flags', () => {
  assert.match(error(['--log-level', 'loud']), /--log-level must be/);
  assert.match(error(['--log-format', 'xml']), /--log-format must be human or json/);
  assert.match(error(['--fault', 'POST /v1/customers explode']), /^--fault: fault must be one of/);
  assert.match(error(['--fault', 'POST']), /METHOD PATH FAULT/);
  assert.match(error(['--seed-key', 'sk_live_x']), /--seed-key must be an sk_test_ key/);
  const c = config(['--log-format', 'json', '--log-level', 'warn', '--fault', 'POST /v1/customers api_error count=2 when=after; * * delay delay_ms=5']);
  assert.equal(c.logFormat, 'json');
  assert.equal(c.logLevel, 'warn');
  assert.deepEqual(c.faults, [
    { method: 'POST', path: '/v1/customers', fault: 'api_error', count: 2, when: 'after' },
    { method: '*', path: '*', fault: 'delay', delay_ms: 5 },
  ]);
  assert.equal(config(['--api-keys', 'sk_test_first,sk_test_second', '--seed', 'f.json']).seedKey, 'sk_test_first', '--seed fills the first --api-keys key by default');
  assert.equal(config([]).logLevel, 'info');
});
