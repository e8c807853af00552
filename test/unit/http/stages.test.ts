// Table tests of each protocol stage route.ts runs, one table per stage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StripeError } from '../../../src/http/errors.ts';
import { authStage, expandStage, idempotencyKeyStage, paramsStage, pathStage, renderStage, versionStage } from '../../../src/http/stages/index.ts';
import type { Ctx } from '../../../src/http/context.ts';
import type { Loader } from '../../../src/http/expand.ts';
import { LATEST, type ApiVersion } from '../../../src/versions/registry.ts';

/** Runs `fn`; returns its value, or the Stripe error's status and param as `4xx:param`. */
function outcome<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (err) {
    if (err instanceof StripeError) return `${err.status}:${err.param ?? ''}`;
    throw err;
  }
}

async function outcomeAsync<T>(fn: () => Promise<T>): Promise<T | string> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StripeError) return `${err.status}:${err.param ?? ''}`;
    throw err;
  }
}

test('path: an empty path segment is an unknown URL', () => {
  const table: [Record<string, string>, unknown][] = [
    [{}, undefined],
    [{ id: 'cus_1' }, undefined],
    [{ id: '' }, '404:'],
    [{ id: 'in_1', line: '' }, '404:'],
  ];
  for (const [path, want] of table) assert.equal(outcome(() => pathStage('GET', '/v1/x/?a=1', path)), want, JSON.stringify(path));
});

test('auth: Bearer or Basic secret keys; anything else is a 401', () => {
  const basic = (user: string) => `Basic ${Buffer.from(`${user}:`).toString('base64')}`;
  const table: [string | undefined, ReadonlySet<string> | null, 'account' | string][] = [
    ['Bearer sk_test_abc', null, 'account'],
    [basic('sk_test_abc'), null, 'account'],
    [undefined, null, '401:'],
    ['Bearer ', null, '401:'],
    ['Token sk_test_abc', null, '401:'],
    ['Bearer pk_test_abc', null, '401:'],
    ['Bearer sk_test_abc', new Set(['sk_test_other']), '401:'],
    ['Bearer sk_test_other', new Set(['sk_test_other']), 'account'],
  ];
  for (const [header, allowed, want] of table) {
    const got = outcome(() => authStage(header, allowed));
    if (want === 'account') assert.match(String(got), /^acct_[0-9a-f]{24}$/, String(header));
    else assert.equal(got, want, String(header));
  }
  assert.equal(authStage('Bearer sk_test_abc', null), authStage(basic('sk_test_abc'), null), 'one key, one account');
});

test('version: the header, or the default; unknown versions are a 400', () => {
  const table: [string | string[] | undefined, ApiVersion | string][] = [
    [undefined, '2023-08-16'],
    ['2023-08-16', '2023-08-16'],
    [` ${LATEST} `, LATEST],
    ['2099-01-01', '400:'],
    [['2023-08-16', LATEST], '400:'],
  ];
  for (const [header, want] of table) assert.equal(outcome(() => versionStage(header, '2023-08-16')), want, String(header));
});

test('idempotency key: POST only, empty is none, at most 255 characters', () => {
  const table: [string, string | string[] | undefined, string | null][] = [
    ['POST', undefined, null],
    ['POST', '', null],
    ['POST', 'k1', 'k1'],
    ['GET', 'k1', null],
    ['DELETE', 'k1', null],
    ['POST', ['a', 'b'], null],
    ['POST', 'x'.repeat(255), 'x'.repeat(255)],
    ['POST', 'x'.repeat(256), '400:'],
  ];
  for (const [method, header, want] of table) assert.equal(outcome(() => idempotencyKeyStage(method, header)), want, `${method} ${String(header).slice(0, 10)}`);
});

test('params: body for POST, query otherwise; expand split off; old versions upgraded with typed hints', () => {
  const table: { name: string; args: Parameters<typeof paramsStage>; params?: object; expand?: string[]; hints?: object; error?: string }[] = [
    { name: 'POST body', args: [LATEST, 'POST', '/v1/customers', '/v1/customers?ignored=1', { name: 'n' }, false], params: { name: 'n' }, expand: [], hints: {} },
    { name: 'GET query', args: [LATEST, 'GET', '/v1/customers', '/v1/customers?limit=3&expand[]=data.x', undefined, false], params: { limit: '3' }, expand: ['data.x'] },
    { name: 'no body', args: [LATEST, 'POST', '/v1/customers', '/v1/customers', undefined, false], params: {}, expand: [] },
    { name: 'expand not a list', args: [LATEST, 'GET', '/v1/customers', '/v1/customers?expand=x', undefined, false], error: '400:expand' },
    {
      name: 'old version hint',
      args: ['2020-08-27' as ApiVersion, 'POST', '/v1/invoices', '/v1/invoices', { customer: 'cus_1' }, false],
      params: { customer: 'cus_1', pending_invoice_items_behavior: 'include' },
      hints: { requirePendingItems: true },
    },
  ];
  for (const row of table) {
    const got = outcome(() => paramsStage(...row.args));
    if (row.error) {
      assert.equal(got, row.error, row.name);
      continue;
    }
    assert.equal(typeof got, 'object', row.name);
    const r = got as Exclude<typeof got, string>;
    if (row.params) assert.deepEqual(r.params, row.params, row.name);
    if (row.expand) assert.deepEqual(r.expand, row.expand, row.name);
    if (row.hints) assert.deepEqual(r.hints, row.hints, row.name);
    assert.equal(r.fingerprint, '', `${row.name}: no key, no fingerprint`);
  }
  // The fingerprint is of what was sent, whatever order, before an old version rewrote it.
  const a = paramsStage('2020-08-27' as ApiVersion, 'POST', '/v1/invoices', '/v1/invoices', { customer: 'c', description: 'd' }, true);
  const b = paramsStage(LATEST, 'POST', '/v1/invoices', '/v1/invoices', { description: 'd', customer: 'c' }, true);
  assert.notEqual(a.fingerprint, '');
  assert.equal(a.fingerprint, b.fingerprint);
});

test('expand: loaders by owner type and path; unknown paths, too deep, and lists without data. are 400s', async () => {
  const ctx = { account: 'acct_1' } as Ctx;
  const loaders = new Map<string, Loader>([
    ['invoice:customer', async (_: Ctx, id: string) => ({ id, object: 'customer' })],
    ['invoice:from_invoice.invoice', async (_: Ctx, id: string) => (id === 'in_gone' ? undefined : { id, object: 'invoice', customer: 'cus_2' })],
  ]);
  const inv = () => ({ id: 'in_1', object: 'invoice', customer: 'cus_1', from_invoice: { invoice: 'in_0' }, number: 'N' });
  const table: { paths: string[]; value?: () => object; want: unknown }[] = [
    { paths: ['customer'], want: { ...inv(), customer: { id: 'cus_1', object: 'customer' } } },
    { paths: ['from_invoice.invoice'], want: { ...inv(), from_invoice: { invoice: { id: 'in_0', object: 'invoice', customer: 'cus_2' } } } },
    { paths: ['from_invoice.invoice.customer'], want: { ...inv(), from_invoice: { invoice: { id: 'in_0', object: 'invoice', customer: { id: 'cus_2', object: 'customer' } } } } },
    { paths: ['from_invoice.invoice'], value: () => ({ ...inv(), from_invoice: { invoice: 'in_gone' } }), want: { ...inv(), from_invoice: { invoice: 'in_gone' } } },
    { paths: ['number'], want: '400:expand' },
    { paths: ['nope'], want: '400:expand' },
    { paths: ['a.b.c.d.e'], want: '400:expand' },
    { paths: ['customer'], value: () => ({ object: 'list', data: [inv()] }), want: '400:expand' },
    { paths: ['data.customer'], value: () => ({ object: 'list', data: [inv()] }), want: { object: 'list', data: [{ ...inv(), customer: { id: 'cus_1', object: 'customer' } }] } },
  ];
  for (const row of table) {
    const value = (row.value ?? inv)();
    const got = await outcomeAsync(async () => (await expandStage(ctx, value, row.paths, loaders), value));
    assert.deepEqual(got, row.want, row.paths.join());
  }
});

test('render: JSON in the caller version, stored-only fields hidden', async () => {
  const table: { version: ApiVersion; value: object; want: object }[] = [
    { version: LATEST, value: { id: 'x', object: 'thing', internal: { a: 1 } }, want: { id: 'x', object: 'thing' } },
    { version: LATEST, value: { object: 'list', data: [{ id: 'x', object: 'thing', internal: {} }] }, want: { object: 'list', data: [{ id: 'x', object: 'thing' }] } },
  ];
  for (const row of table) {
    const ctx = { apiVersion: row.version, account: 'acct_1' } as Ctx;
    assert.deepEqual(JSON.parse(await renderStage(row.value, ctx)), row.want);
  }
});
