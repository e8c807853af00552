import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeLog } from '../../../src/work/change-log.ts';
import { eventsFromChanges as fromChanges, previousAttributes, previousObject } from '../../../src/events/from-changes.ts';
import { buildRegistry } from '../../../src/resources/registry.ts';
import { resourceModules } from '../../../src/resources/modules.ts';

// The event rules every resource module declares, as the app builds them.
const rules = buildRegistry(resourceModules).events;
const eventsFromChanges = (log: ChangeLog) => fromChanges(log, rules);
const types = (log: ChangeLog) => eventsFromChanges(log).map((e) => e.type);

test('previous_attributes: hashes key by key (absent as null), arrays whole, our own keys never', () => {
  const before = { id: 'x', name: null, metadata: { a: '1', keep: 'k' }, locales: ['en', 'de'], address: { city: 'A', line1: null }, internal: { s: 1 }, same: 1 };
  const after = { id: 'x', name: 'N', metadata: { keep: 'k', b: '2' }, locales: ['en', 'fr'], address: { city: 'B', line1: null }, internal: { s: 2 }, same: 1 };
  assert.deepEqual(previousAttributes(before, after), {
    name: null,
    metadata: { a: '1', b: null },
    locales: ['en', 'de'],
    address: { city: 'A' },
  });
  // A hash that appears or disappears is reported whole (its old value).
  assert.deepEqual(previousAttributes({ shipping: null }, { shipping: { name: 'n' } }), { shipping: null });
  assert.deepEqual(previousAttributes({ shipping: { name: 'n' } }, { shipping: null }), { shipping: { name: 'n' } });
  assert.deepEqual(previousAttributes({ lines: 1 }, { lines: 2 }), {});
});

test('previousObject rebuilds what previousAttributes compares', () => {
  const before = { id: 'x', name: null, metadata: { a: '1', keep: 'k' }, locales: ['en', 'de'], address: { city: 'A', line1: null }, same: 1 };
  const after = { id: 'x', name: 'N', metadata: { keep: 'k', b: '2' }, locales: ['en', 'fr'], address: { city: 'B', line1: null }, same: 1 };
  const prev = previousAttributes(before, after);
  const rebuilt = previousObject(after, prev);
  assert.deepEqual(previousAttributes(rebuilt, after), prev);
  // A key absent before comes back as null, which compares the same way.
  assert.deepEqual(rebuilt, { ...before, metadata: { a: '1', keep: 'k', b: null } });
  // `after` is left as it was.
  assert.deepEqual(after.metadata, { keep: 'k', b: '2' });
});

test('an update keeps the old stored-only values with its previous attributes', () => {
  const log = new ChangeLog();
  log.note('invoice', 'in_1', { id: 'in_1', status: 'open', internal: { paid_out_of_band: false, n: 1 } }, { id: 'in_1', status: 'paid', internal: { paid_out_of_band: true, n: 1 } });
  log.note('customer', 'cus_1', { id: 'cus_1', name: 'a', internal: { x: 1 } }, { id: 'cus_1', name: 'a', internal: { x: 2 } });
  const events = eventsFromChanges(log);
  const updated = events.find((e) => e.type === 'invoice.updated')!;
  assert.deepEqual(updated.previous_attributes, { status: 'open', internal: { paid_out_of_band: false } });
  // Only stored-only fields changed: nothing the API shows, so no event.
  assert.equal(events.some((e) => e.type === 'customer.updated'), false);
});

test("a customer's discount has events of its own, after the customer's", () => {
  const d1 = { id: 'di_1', object: 'discount', source: { coupon: 'A', type: 'coupon' } };
  const d2 = { id: 'di_2', object: 'discount', source: { coupon: 'B', type: 'coupon' } };
  const run = (before: object | null, after: object | null) => {
    const log = new ChangeLog();
    log.note('customer', 'cus_1', before as any, after as any);
    return eventsFromChanges(log).map((e) => [e.type, (e.object as any).id, e.previous_attributes]);
  };
  assert.deepEqual(run(null, { id: 'cus_1', discount: d1 }), [['customer.created', 'cus_1', null], ['customer.discount.created', 'di_1', null]]);
  assert.deepEqual(run({ id: 'cus_1', discount: d1 }, { id: 'cus_1', discount: d2 }), [
    ['customer.updated', 'cus_1', { discount: { id: 'di_1', source: { coupon: 'A' } } }],
    ['customer.discount.updated', 'di_2', { id: 'di_1', source: { coupon: 'A' } }],
  ]);
  assert.deepEqual(run({ id: 'cus_1', discount: d1 }, { id: 'cus_1', discount: null }), [
    ['customer.updated', 'cus_1', { discount: d1 }],
    ['customer.discount.deleted', 'di_1', null],
  ]);
  // Unchanged discount, and a deleted customer: no discount event.
  assert.deepEqual(run({ id: 'cus_1', name: 'a', discount: d1 }, { id: 'cus_1', name: 'b', discount: d1 }).map((e) => e[0]), ['customer.updated']);
  assert.deepEqual(run({ id: 'cus_1', discount: d1 }, { id: 'cus_1', object: 'customer', deleted: true }).map((e) => e[0]), ['customer.deleted']);
});

test('created, updated (only when something changed), deleted; tax rates have no delete event', () => {
  const log = new ChangeLog();
  log.note('customer', 'cus_1', null, { id: 'cus_1', object: 'customer', name: null });
  log.note('customer', 'cus_1', null, { id: 'cus_1', object: 'customer', name: 'later write, same request' });
  log.note('product', 'prod_1', { id: 'prod_1', name: 'a' }, { id: 'prod_1', name: 'b' });
  log.note('price', 'price_1', { id: 'price_1', n: 1 }, { id: 'price_1', n: 1 });
  log.note('coupon', 'co_1', { id: 'co_1' }, null);
  log.note('tax_rate', 'txr_1', { id: 'txr_1' }, null);
  log.note('line_item', 'il_1', null, { id: 'il_1' });
  const events = eventsFromChanges(log);
  assert.deepEqual(events.map((e) => e.type), ['customer.created', 'product.updated', 'coupon.deleted']);
  assert.equal(events[0].object.name, 'later write, same request');
  assert.deepEqual(events[1].previous_attributes, { name: 'a' });
});

test('a deleted stub (deleted: true) is a delete; a coupon moved to another type under its id is still its delete', () => {
  const log = new ChangeLog();
  log.note('customer', 'cus_1', { id: 'cus_1', email: 'e' }, { id: 'cus_1', deleted: true });
  log.note('coupon', 'co_1', { id: 'co_1', valid: true }, null);
  log.note('deleted_coupon', 'co_1', null, { id: 'co_1', valid: false });
  const events = eventsFromChanges(log);
  assert.deepEqual(events.map((e) => e.type), ['customer.deleted', 'coupon.deleted']);
  assert.equal(events[0].object.email, 'e', 'the object as it was');
});

test('invoice status moves add their events before invoice.updated', () => {
  const inv = (status: string, extra: object = {}) => ({ id: 'in_1', object: 'invoice', status, ...extra });
  const move = (from: object, to: object) => {
    const log = new ChangeLog();
    log.note('invoice', 'in_1', from as any, to as any);
    return types(log);
  };
  assert.deepEqual(move(inv('draft'), inv('open')), ['invoice.finalized', 'invoice.updated']);
  assert.deepEqual(move(inv('open'), inv('paid', { internal: { paid_out_of_band: true } })), ['invoice.paid', 'invoice.updated']);
  assert.deepEqual(move(inv('open'), inv('paid', { internal: { paid_out_of_band: false } })), ['invoice.paid', 'invoice.payment_succeeded', 'invoice.updated']);
  assert.deepEqual(move(inv('draft'), inv('paid')), ['invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded', 'invoice.updated']);
  assert.deepEqual(move(inv('open'), inv('void')), ['invoice.voided', 'invoice.updated']);
  assert.deepEqual(move(inv('open'), inv('uncollectible')), ['invoice.marked_uncollectible', 'invoice.updated']);
  assert.deepEqual(move(inv('uncollectible'), inv('paid', { internal: { paid_out_of_band: true } })), ['invoice.paid', 'invoice.updated']);
  assert.deepEqual(move(inv('draft', { total: 0 }), inv('draft', { total: 5 })), ['invoice.updated']);
});

test('no invoiceitem.updated; explicit events take their place among the changes', () => {
  const log = new ChangeLog();
  log.note('invoiceitem', 'ii_1', { id: 'ii_1', amount: 1 }, { id: 'ii_1', amount: 2 });
  log.explicit.push({ type: 'charge.succeeded', object: { id: 'ch_1' }, order: log.tick() });
  log.note('invoice', 'in_1', { id: 'in_1', status: 'draft', total: 1 }, { id: 'in_1', status: 'draft', total: 2 });
  log.explicit.push({ type: 'invoice.sent', object: { id: 'in_1' }, order: log.tick() });
  assert.deepEqual(types(log), ['charge.succeeded', 'invoice.updated', 'invoice.sent']);
});
