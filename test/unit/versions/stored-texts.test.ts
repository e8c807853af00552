// Which stored JSON texts a list may send as they are (versions/render.ts storedTextsShown).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storedTextsShown } from '../../../src/versions/render.ts';
import { LATEST, VERSIONS } from '../../../src/versions/registry.ts';

const item = JSON.stringify({ id: 'ii_1', object: 'invoiceitem', metadata: { note: 'internal use' } });

test('plain objects at the newest version are shown as stored', () => {
  assert.equal(storedTextsShown([item, item], LATEST), true);
  assert.equal(storedTextsShown([], LATEST), true);
});

test('an older version is rendered', () => {
  assert.equal(storedTextsShown([item], VERSIONS[0]), false);
});

test('a stored-only field anywhere, or an object whose links are filled in at render, is rendered', () => {
  assert.equal(storedTextsShown([item, JSON.stringify({ id: 'we_1', object: 'webhook_endpoint', internal: { secret: 's' } })], LATEST), false);
  assert.equal(storedTextsShown([JSON.stringify({ id: 'ch_1', object: 'charge', nested: { internal: {} } })], LATEST), false);
  assert.equal(storedTextsShown([JSON.stringify({ id: 'in_1', object: 'invoice' })], LATEST), false);
  assert.equal(storedTextsShown([JSON.stringify({ id: 'x', object: 'charge', payment_intent: { id: 'pi_1', object: 'payment_intent' } })], LATEST), false);
  // An invoice item is not an invoice.
  assert.equal(storedTextsShown([JSON.stringify({ id: 'ii_2', object: 'invoiceitem', invoice: 'in_1' })], LATEST), true);
});
