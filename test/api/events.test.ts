// Events through the official SDK: which events each action records, in which order, with
// exactly the changed attributes; GET /v1/events filters and paging; retrieval; rendering at
// the event's own version; the 30-day window; invoice.overdue from the sweep.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { DEFAULTS } from '../../src/config.ts';
import { LATEST } from '../../src/versions/registry.ts';
import { sweepOverdue } from '../../src/resources/invoices/overdue.ts';
import { workEnv } from '../../src/app.ts';
import { insertEvents } from '../../src/events/record.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

/** A client of a fresh account: its events are only the test's own. */
const fresh = () => server.stripe(server.newKey());

/** The events one request recorded, in the order recorded. */
async function eventsOf(stripe: Stripe, obj: { lastResponse: { requestId: string } }): Promise<Stripe.Event[]> {
  const all: Stripe.Event[] = [];
  for await (const e of stripe.events.list({ limit: 100 })) all.push(e);
  return all.filter((e) => e.request?.id === obj.lastResponse.requestId).reverse();
}
const typesOf = async (stripe: Stripe, obj: { lastResponse: { requestId: string } }, prefix = '') =>
  (await eventsOf(stripe, obj)).map((e) => e.type).filter((t) => t.startsWith(prefix));

describe('events: what each action records', () => {
  test('customer create, update (previous_attributes: exactly what changed), delete', async () => {
    const stripe = fresh();
    const c = await stripe.customers.create({ email: 'a@example.com', metadata: { a: '1', keep: 'k' } });
    const [created] = await eventsOf(stripe, c);
    assert.equal(created.type, 'customer.created');
    assert.equal((created.data.object as Stripe.Customer).email, 'a@example.com');
    assert.equal(created.data.previous_attributes, undefined);
    assert.equal(created.request?.id, c.lastResponse.requestId);
    // stripe-node sends an Idempotency-Key of its own on every POST.
    assert.match(created.request?.idempotency_key ?? '', /^stripe-node-retry-/);

    const u = await stripe.customers.update(c.id, { name: 'New', metadata: { a: '', b: '2' }, address: { city: 'Berlin' } }, { idempotencyKey: 'upd-1' });
    const ue = await eventsOf(stripe, u);
    assert.deepEqual(ue.map((e) => e.type), ['customer.updated']);
    // Hashes report only their changed keys (an added key as null); a value that was null stays null.
    assert.deepEqual(ue[0].data.previous_attributes, { address: null, metadata: { a: '1', b: null }, name: null });
    assert.equal((ue[0].data.object as Stripe.Customer).name, 'New');
    assert.equal(ue[0].request?.idempotency_key, 'upd-1');

    const u2 = await stripe.customers.update(c.id, { preferred_locales: ['en', 'de'] });
    assert.deepEqual((await eventsOf(stripe, u2))[0].data.previous_attributes, { preferred_locales: [] });
    const u3 = await stripe.customers.update(c.id, { preferred_locales: ['en', 'fr'] });
    // An array that changed is reported whole.
    assert.deepEqual((await eventsOf(stripe, u3))[0].data.previous_attributes, { preferred_locales: ['en', 'de'] });
    // An update that changes nothing records nothing.
    const same = await stripe.customers.update(c.id, { name: 'New' });
    assert.deepEqual(await eventsOf(stripe, same), []);

    const d = await stripe.customers.del(c.id);
    const de = await eventsOf(stripe, d);
    assert.deepEqual(de.map((e) => e.type), ['customer.deleted']);
    // The deleted event carries the customer as it was.
    assert.equal((de[0].data.object as Stripe.Customer).email, 'a@example.com');
  });

  test('invoice: create -> add item -> finalize -> pay out of band', async () => {
    const stripe = fresh();
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id });
    assert.deepEqual(await typesOf(stripe, inv), ['invoice.created']);
    const item = await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1000, currency: 'usd' });
    assert.deepEqual(await typesOf(stripe, item, 'invoice'), ['invoiceitem.created', 'invoice.updated']);
    const upd = (await eventsOf(stripe, item)).find((e) => e.type === 'invoice.updated')!;
    assert.equal((upd.data.previous_attributes as any).total, 0);
    assert.equal((upd.data.object as Stripe.Invoice).total, 1000);

    const open = await stripe.invoices.finalizeInvoice(inv.id!);
    assert.deepEqual(await typesOf(stripe, open, 'invoice'), ['invoice.finalized', 'invoice.updated']);
    const fin = await eventsOf(stripe, open);
    const finalized = fin.find((e) => e.type === 'invoice.finalized')!;
    assert.equal(finalized.data.previous_attributes, undefined);
    assert.equal((finalized.data.object as Stripe.Invoice).status, 'open');
    // An invoice in an event is the whole object, lines included.
    assert.equal((finalized.data.object as Stripe.Invoice).lines.data.length, 1);
    assert.equal((finalized.data.object as Stripe.Invoice).lines.data[0].amount, 1000);
    const finUpd = fin.find((e) => e.type === 'invoice.updated')!;
    assert.equal((finUpd.data.previous_attributes as any).status, 'draft');
    assert.deepEqual((finUpd.data.previous_attributes as any).status_transitions, { finalized_at: null });

    const paid = await stripe.invoices.pay(inv.id!, { paid_out_of_band: true });
    // Marked paid out of band: invoice.paid, but no payment attempt succeeded (no payment_succeeded).
    assert.deepEqual(await typesOf(stripe, paid, 'invoice'), ['invoice.paid', 'invoice.updated']);
    const paidUpd = (await eventsOf(stripe, paid)).find((e) => e.type === 'invoice.updated')!;
    assert.equal((paidUpd.data.previous_attributes as any).status, 'open');
    assert.equal((paidUpd.data.previous_attributes as any).amount_paid, 0);
  });

  test('a zero invoice finalizes straight to paid: finalized, paid, payment_succeeded, updated', async () => {
    const stripe = fresh();
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id, currency: 'usd' });
    const done = await stripe.invoices.finalizeInvoice(inv.id!);
    assert.equal(done.status, 'paid');
    assert.deepEqual(await typesOf(stripe, done, 'invoice'), ['invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded', 'invoice.updated']);
  });

  test('void, mark_uncollectible, send, delete', async () => {
    const stripe = fresh();
    const c = await stripe.customers.create({});
    const draft = async (params: Partial<Stripe.InvoiceCreateParams> = {}) => {
      const inv = await stripe.invoices.create({ customer: c.id, ...params });
      await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 500, currency: 'usd' });
      return inv;
    };
    const a = await draft();
    await stripe.invoices.finalizeInvoice(a.id!);
    const voided = await stripe.invoices.voidInvoice(a.id!);
    assert.deepEqual(await typesOf(stripe, voided, 'invoice'), ['invoice.voided', 'invoice.updated']);

    const b = await draft();
    await stripe.invoices.finalizeInvoice(b.id!);
    const bad = await stripe.invoices.markUncollectible(b.id!);
    assert.deepEqual(await typesOf(stripe, bad, 'invoice'), ['invoice.marked_uncollectible', 'invoice.updated']);

    const s = await draft({ collection_method: 'send_invoice', days_until_due: 30 });
    const sent = await stripe.invoices.sendInvoice(s.id!);
    // Sending a draft finalizes it first; sending changes nothing on the invoice itself.
    assert.deepEqual(await typesOf(stripe, sent, 'invoice'), ['invoice.finalized', 'invoice.updated', 'invoice.sent']);
    const again = await stripe.invoices.sendInvoice(s.id!);
    assert.deepEqual(await typesOf(stripe, again), ['invoice.sent']);

    const d = await draft();
    const items = await stripe.invoiceItems.list({ invoice: d.id });
    // Editing an item records no invoiceitem.updated (Stripe no longer has that event), only the invoice's change.
    const edited = await stripe.invoiceItems.update(items.data[0].id, { amount: 700 });
    assert.deepEqual(await typesOf(stripe, edited, 'invoice'), ['invoice.updated']);
    const gone = await stripe.invoiceItems.del(items.data[0].id);
    assert.deepEqual(await typesOf(stripe, gone, 'invoiceitem'), ['invoiceitem.deleted']);
    const deleted = await stripe.invoices.del(d.id!);
    assert.deepEqual(await typesOf(stripe, deleted, 'invoice.'), ['invoice.deleted']);
  });

  test('catalog objects: product, price, coupon, tax rate', async () => {
    const stripe = fresh();
    const p = await stripe.products.create({ name: 'Widget' });
    assert.deepEqual(await typesOf(stripe, p), ['product.created']);
    const pr = await stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 100 });
    assert.deepEqual(await typesOf(stripe, pr), ['price.created']);
    const pu = await stripe.prices.update(pr.id, { nickname: 'n' });
    assert.deepEqual((await eventsOf(stripe, pu))[0].data.previous_attributes, { nickname: null });
    const co = await stripe.coupons.create({ percent_off: 10, duration: 'once' });
    assert.deepEqual(await typesOf(stripe, co), ['coupon.created']);
    assert.deepEqual(await typesOf(stripe, await stripe.coupons.del(co.id)), ['coupon.deleted']);
    const tr = await stripe.taxRates.create({ display_name: 'VAT', percentage: 19, inclusive: false });
    assert.deepEqual(await typesOf(stripe, tr), ['tax_rate.created']);
    const tu = await stripe.taxRates.update(tr.id, { active: false });
    assert.deepEqual((await eventsOf(stripe, tu))[0].data.previous_attributes, { active: true });
  });
});

describe('GET /v1/events', () => {
  test('newest first, paging both ways, retrieve, 404', async () => {
    const stripe = fresh();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.customers.create({ name: `c${i}` })).id);
    const all = await stripe.events.list({ limit: 10 });
    assert.equal(all.url, '/v1/events');
    assert.deepEqual(all.data.map((e) => (e.data.object as Stripe.Customer).id), [...ids].reverse());
    const p1 = await stripe.events.list({ limit: 2 });
    assert.equal(p1.has_more, true);
    const p2 = await stripe.events.list({ limit: 2, starting_after: p1.data[1].id });
    assert.deepEqual(p2.data.map((e) => e.id), [all.data[2].id, all.data[3].id]);
    const back = await stripe.events.list({ limit: 2, ending_before: p2.data[0].id });
    assert.deepEqual(back.data.map((e) => e.id), [all.data[0].id, all.data[1].id]);
    const seen: string[] = [];
    for await (const e of stripe.events.list({ limit: 2 })) seen.push(e.id);
    assert.deepEqual(seen, all.data.map((e) => e.id));

    const one = await stripe.events.retrieve(all.data[0].id);
    assert.deepEqual(JSON.parse(JSON.stringify(one)), JSON.parse(JSON.stringify(all.data[0])));
    assert.equal(one.object, 'event');
    assert.equal(one.livemode, false);
    assert.equal(one.pending_webhooks, 0);
    assert.equal(one.api_version, DEFAULTS.apiVersion);
    assert.equal('account' in one, false);
    assert.match(one.id, /^evt_[A-Za-z0-9]{24}$/);

    const missing = await server.http('GET', '/v1/events/evt_nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.error.code, 'resource_missing');
    assert.equal(missing.json.error.message, "No such event: 'evt_nope'");
    // Another account's event is not there either.
    assert.equal((await server.http('GET', `/v1/events/${one.id}`)).status, 404);
    const badCursor = await server.http('GET', '/v1/events?starting_after=evt_nope');
    assert.equal(badCursor.json.error.param, 'starting_after');
  });

  test('type, type wildcard, types[], created; type with types and more than 20 types are refused', async () => {
    const stripe = fresh();
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 100, currency: 'usd' });
    await stripe.invoices.finalizeInvoice(inv.id!);
    const list = async (p: Stripe.EventListParams) => (await stripe.events.list({ limit: 100, ...p })).data.map((e) => e.type);
    assert.deepEqual(await list({ type: 'invoice.finalized' }), ['invoice.finalized']);
    assert.deepEqual(await list({ type: 'invoice.*' }), ['invoice.updated', 'invoice.finalized', 'invoice.updated', 'invoice.created']);
    // Finalizing an invoice with something to pay makes its PaymentIntent.
    assert.deepEqual(await list({ type: '*.created' }), ['payment_intent.created', 'invoiceitem.created', 'invoice.created', 'customer.created']);
    assert.deepEqual(await list({ types: ['customer.created', 'invoice.finalized'] }), ['invoice.finalized', 'customer.created']);
    assert.deepEqual(await list({ type: 'tax_rate.*' }), []);
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await list({ created: { gte: now - 60 } })).length, (await list({})).length);
    assert.equal((await list({ created: { lt: now - 60 } })).length, 0);

    const both = await server.http('GET', '/v1/events?type=invoice.paid&types[]=invoice.sent');
    assert.equal(both.status, 400);
    assert.match(both.json.error.message, /only specify one of these parameters: type, types/);
    const many = Array.from({ length: 21 }, (_, i) => `types[${i}]=invoice.paid`).join('&');
    const tooMany = await server.http('GET', `/v1/events?${many}`);
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.json.error.param, 'types');
    assert.equal((await server.http('GET', '/v1/events?nope=1')).json.error.code, 'parameter_unknown');
  });

  test("data.object stays in the event's version whatever version the caller uses", async () => {
    const key = server.newKey();
    const stripe = server.stripe(key);
    const c = await stripe.customers.create({});
    const item = await stripe.invoiceItems.create({ customer: c.id, amount: 250, currency: 'usd' });
    const [e] = (await stripe.events.list({ type: 'invoiceitem.created' })).data;
    const old = server.stripe(key, { apiVersion: '2023-08-16' as any });
    const [seen] = (await old.events.list({ type: 'invoiceitem.created' })).data;
    assert.equal(seen.api_version, DEFAULTS.apiVersion);
    assert.deepEqual(JSON.parse(JSON.stringify(seen.data.object)), JSON.parse(JSON.stringify(e.data.object)));
    assert.ok('pricing' in (seen.data.object as object), 'newest shape: pricing');
    assert.equal('price' in (seen.data.object as object), false);
    assert.equal((seen.data.object as Stripe.InvoiceItem).id, item.id);
  });

  test("previous_attributes are in the event's version too: old names, old derived fields", async () => {
    // A server whose default version (the one its events are recorded in) is 2023-08-16.
    const oldServer = await startServer({ apiVersion: '2023-08-16' });
    try {
      const key = oldServer.newKey();
      const stripe = oldServer.stripe(key, { apiVersion: '2023-08-16' as any });
      const c = await stripe.customers.create({});
      await stripe.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd' });
      const inv = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
      const renamed = await stripe.invoices.update(inv.id!, { rendering_options: { amount_tax_display: 'include_inclusive_tax' } } as any);
      const [upd] = (await eventsOf(stripe, renamed)).filter((e) => e.type === 'invoice.updated');
      assert.equal(upd.api_version, '2023-08-16');
      assert.deepEqual(upd.data.previous_attributes, { rendering: null, rendering_options: null });
      await stripe.invoices.finalizeInvoice(inv.id!);
      const paid = await stripe.invoices.pay(inv.id!, { paid_out_of_band: true });
      const [paidUpd] = (await eventsOf(stripe, paid)).filter((e) => e.type === 'invoice.updated');
      const prev = paidUpd.data.previous_attributes as any;
      // `paid` and `paid_out_of_band` exist only before basil; the second is derived from a stored-only field.
      assert.equal(prev.paid, false);
      assert.equal(prev.paid_out_of_band, false);
      assert.equal(prev.status, 'open');
      assert.equal(prev.amount_paid, 0);
      assert.equal('total_taxes' in prev || 'amount_overpaid' in prev || 'internal' in prev, false);
      // The same event read by the newest client: its data stays in the event's version.
      const newest = oldServer.stripe(key, { apiVersion: LATEST as any });
      assert.deepEqual((await newest.events.retrieve(paidUpd.id)).data.previous_attributes, prev);
    } finally {
      await oldServer.close();
    }
  });

  test('pending_webhooks and delivery_success before the deliverer has seen an event', async () => {
    // No delivery loop runs for this server: events wait in the outbox.
    const stripe = fresh();
    await stripe.webhookEndpoints.create({ url: 'https://example.com/a', enabled_events: ['customer.created'] });
    await stripe.webhookEndpoints.create({ url: 'https://example.com/b', enabled_events: ['*'] });
    const off = await stripe.webhookEndpoints.create({ url: 'https://example.com/c', enabled_events: ['*'] });
    await stripe.webhookEndpoints.update(off.id, { disabled: true });
    const c = await stripe.customers.create({});
    await stripe.customers.update(c.id, { name: 'x' });
    const [updated, created] = (await stripe.events.list()).data;
    assert.equal(created.pending_webhooks, 2);
    assert.equal(updated.pending_webhooks, 1);
    assert.equal((await stripe.events.list({ delivery_success: false })).data.length, 2);
    assert.equal((await stripe.events.list({ delivery_success: true })).data.length, 0);
    // Events from before an endpoint existed are not for it.
    const other = fresh();
    await other.customers.create({});
    await other.webhookEndpoints.create({ url: 'https://example.com/late', enabled_events: ['*'] });
    assert.equal((await other.events.list()).data[0].pending_webhooks, 0);
  });

  test('events older than 30 days are gone', async () => {
    const key = server.newKey();
    const stripe = server.stripe(key);
    await stripe.customers.create({});
    const account = (await import('../../src/http/auth.ts')).authenticate(`Bearer ${key}`, null);
    const now = Math.floor(Date.now() / 1000);
    await insertEvents(server.store.db, [
      { account, type: 'customer.created', created: now - 31 * 86_400, apiVersion: DEFAULTS.apiVersion, requestId: null, idempotencyKey: null, object: { id: 'cus_old', object: 'customer' }, previousAttributes: null },
      { account, type: 'customer.created', created: now - 29 * 86_400, apiVersion: DEFAULTS.apiVersion, requestId: null, idempotencyKey: null, object: { id: 'cus_recent', object: 'customer' }, previousAttributes: null },
    ]);
    const listed = (await stripe.events.list({ limit: 100 })).data.map((e) => (e.data.object as { id: string }).id);
    assert.equal(listed.includes('cus_old'), false);
    assert.equal(listed.includes('cus_recent'), true);
    const oldId = (await server.store.db.selectFrom('events').select('id').where('account', '=', account).where('created', '<', now - 30 * 86_400).executeTakeFirstOrThrow()).id;
    await assert.rejects(stripe.events.retrieve(oldId), (e: any) => e.statusCode === 404);
  });

  test('invoice.overdue: once, for an open send_invoice invoice past its due date, with no request', async () => {
    const stripe = fresh();
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice', days_until_due: 1 });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 900, currency: 'usd' });
    const open = await stripe.invoices.finalizeInvoice(inv.id!);
    const charged = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: charged.id, amount: 900, currency: 'usd' });
    await stripe.invoices.finalizeInvoice(charged.id!);
    const env = workEnv(server.store, { apiVersion: DEFAULTS.apiVersion });
    const at = (t: number) => ({ now: () => t });
    assert.equal(await sweepOverdue(env, at(open.due_date! - 10)), 0);
    assert.equal(await sweepOverdue(env, at(open.due_date! + 10)), 1);
    assert.equal(await sweepOverdue(env, at(open.due_date! + 20)), 0, 'once');
    // An unrelated change to the same invoice does not make it overdue again.
    await stripe.invoices.update(inv.id!, { metadata: { k: 'v' } });
    assert.equal(await sweepOverdue(env, at(open.due_date! + 30)), 0);
    const overdue = (await stripe.events.list({ type: 'invoice.overdue' })).data;
    assert.equal(overdue.length, 1);
    assert.deepEqual(overdue[0].request, { id: null, idempotency_key: null });
    assert.equal((overdue[0].data.object as Stripe.Invoice).id, inv.id);
    assert.equal((overdue[0].data.object as Stripe.Invoice).lines.data.length, 1);
    // Paid invoices are no longer watched.
    const second = await stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice', days_until_due: 1 });
    await stripe.invoiceItems.create({ customer: c.id, invoice: second.id, amount: 900, currency: 'usd' });
    const o2 = await stripe.invoices.finalizeInvoice(second.id!);
    await stripe.invoices.pay(second.id!, { paid_out_of_band: true });
    assert.equal(await sweepOverdue(env, at(o2.due_date! + 10)), 0);
  });
});
