import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { VERSIONS, LATEST, isKnownVersion } from '../../../src/versions/registry.ts';
import { CHANGES } from '../../../src/versions/changes/index.ts';
import { clientParamName, upgradeRequest } from '../../../src/versions/request.ts';
import { versionsDoc } from '../../../src/versions/doc.ts';
import { StripeError } from '../../../src/http/errors.ts';
import { repoFile } from '../../helpers/repo.ts';

test('versions are ordered, unique, and end at the SDK pin', () => {
  assert.deepEqual([...VERSIONS].sort(), [...VERSIONS]);
  assert.equal(new Set(VERSIONS).size, VERSIONS.length);
  assert.equal(VERSIONS[0], '2020-08-27');
  assert.equal(LATEST, '2026-10-28.endive');
  assert.ok(isKnownVersion('2025-03-31.basil'));
  assert.ok(!isKnownVersion('2025-03-31'));
});

test('change modules are newest first, each at a known version, each described', () => {
  for (let i = 1; i < CHANGES.length; i++) assert.ok(CHANGES[i - 1].version >= CHANGES[i].version, CHANGES[i].title);
  for (const c of CHANGES) {
    assert.ok(isKnownVersion(c.version), c.version);
    assert.ok(c.description.length > 40 && c.title.length > 5);
    assert.ok(c.response || c.request, c.title);
  }
});

test('old invoice item params are rewritten into the newest shape', () => {
  const params: any = { customer: 'cus_1', price: 'price_1', quantity: '2' };
  upgradeRequest('2023-08-16', 'POST', '/v1/invoiceitems', params);
  assert.deepEqual(params, { customer: 'cus_1', pricing: { price: 'price_1' }, quantity: '2' });
  const unit: any = { customer: 'cus_1', unit_amount: '250', currency: 'usd' };
  upgradeRequest('2024-06-20', 'POST', '/v1/invoiceitems', unit);
  assert.deepEqual(unit, { customer: 'cus_1', unit_amount_decimal: '250', currency: 'usd' });
  const lines: any = { lines: [{ id: 'il_1', price: 'price_2' }] };
  upgradeRequest('2024-09-30.acacia', 'POST', '/v1/invoices/:id/update_lines', lines);
  assert.deepEqual(lines, { lines: [{ id: 'il_1', pricing: { price: 'price_2' } }] });
});

test('params a breaking change replaced are unknown to older clients; newest params pass untouched', () => {
  const reject = (version: any, route: string, params: any, param: string) =>
    assert.throws(() => upgradeRequest(version, 'POST', route, params), (e: any) => e instanceof StripeError && e.param === param);
  reject('2023-08-16', '/v1/invoiceitems', { pricing: { price: 'p' } }, 'pricing');
  reject('2023-10-16', '/v1/products', { marketing_features: [{ name: 'x' }] }, 'marketing_features');
  reject('2023-08-16', '/v1/invoiceitems', { amount: '1', unit_amount: '1' }, 'amount');
  const newest: any = { pricing: { price: 'p' }, quantity_decimal: '1.5' };
  assert.deepEqual(upgradeRequest(LATEST, 'POST', '/v1/invoiceitems', newest).hints, {});
  assert.deepEqual(newest, { pricing: { price: 'p' }, quantity_decimal: '1.5' });
});

test('params Stripe added without a breaking change pass at every version', () => {
  const additive: [string, string, any][] = [
    ['/v1/invoiceitems', '2023-08-16', { quantity_decimal: '1.5', customer_account: 'acct_1' }],
    ['/v1/invoices', '2020-08-27', { automatically_finalizes_at: '1', rendering: { template: 't', template_version: '1' } }],
    ['/v1/customers', '2023-08-16', { invoice_settings: { rendering_options: { template: 't' } } }],
  ];
  for (const [route, version, params] of additive) {
    const sent = structuredClone(params);
    upgradeRequest(version as any, 'POST', route, params);
    for (const key of Object.keys(sent)) assert.deepEqual(params[key], sent[key], `${route} ${key} at ${version}`);
  }
});

test('pending_invoice_items_behavior defaults by version', () => {
  const old: any = {};
  assert.deepEqual(upgradeRequest('2020-08-27', 'POST', '/v1/invoices', old).hints, { requirePendingItems: true });
  assert.equal(old.pending_invoice_items_behavior, 'include');
  const mid: any = {};
  assert.deepEqual(upgradeRequest('2022-08-01', 'POST', '/v1/invoices', mid).hints, {});
  assert.deepEqual(mid, {});
});

test('docs/api-versions.md is generated from the modules and up to date', () => {
  const doc = readFileSync(repoFile('docs/api-versions.md'), 'utf8');
  assert.equal(doc, versionsDoc(), 'run `npm run docs:versions`');
  for (const c of CHANGES) assert.ok(doc.includes(c.title));
});

test('errors about a renamed param name it as the old client sent it', () => {
  const { renames } = upgradeRequest('2023-08-16', 'POST', '/v1/invoiceitems', { price: 'p', unit_amount: '5' });
  assert.equal(clientParamName('pricing[price]', renames), 'price');
  assert.equal(clientParamName('unit_amount_decimal', renames), 'unit_amount');
  assert.equal(clientParamName('customer', renames), 'customer');
  assert.equal(clientParamName('pricing', renames), 'pricing');
  const lines = upgradeRequest('2023-08-16', 'POST', '/v1/invoices/:id/add_lines', { lines: [{ amount: '1' }, { price: 'p' }] }).renames;
  assert.equal(clientParamName('lines[1][pricing][price]', lines), 'lines[1][price]');
  assert.equal(clientParamName('lines[0][pricing][price]', lines), 'lines[0][pricing][price]');
  const rendering = upgradeRequest('2023-08-16', 'POST', '/v1/invoices', { rendering_options: { amount_tax_display: 'x' } }).renames;
  assert.equal(clientParamName('rendering[amount_tax_display]', rendering), 'rendering_options[amount_tax_display]');
  // The newest client renames nothing.
  assert.deepEqual(upgradeRequest(LATEST, 'POST', '/v1/invoiceitems', { pricing: { price: 'p' } }).renames, {});
});
