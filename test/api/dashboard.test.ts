// The dashboard over plain HTTP: signing in with a key (the API's own check), a cookie that
// opens that key's account only, lists paged like the API's, search by invoice number and
// email, an object's page with its JSON, and resending a delivery only of one's own endpoints.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { fetchPublic } from '../helpers/pages.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

async function signIn(key: string): Promise<string> {
  const res = await fetchPublic(`${server.base}/dashboard/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key }).toString(),
  });
  assert.equal(res.status, 303, res.text);
  const cookie = res.headers.get('set-cookie')!;
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\/dashboard/);
  return cookie.split(';')[0];
}

const get = (path: string, cookie?: string) => fetchPublic(server.base + path, { headers: cookie ? { cookie } : {} });

async function account(): Promise<{ key: string; stripe: Stripe; cookie: string }> {
  const { key, stripe } = server.fresh();
  return { key, stripe, cookie: await signIn(key) };
}

describe('dashboard', () => {
  test('needs a signed-in key; a key the API refuses cannot sign in', async () => {
    for (const path of ['/dashboard', '/dashboard/invoices', '/dashboard/customers/cus_123']) {
      const res = await get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.headers.get('location'), '/dashboard/login');
    }
    assert.equal((await get('/dashboard/login')).status, 200);
    for (const key of ['', 'sk_live_123', 'pk_test_123', 'sk_test_has space']) {
      const res = await fetchPublic(`${server.base}/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `key=${encodeURIComponent(key)}` });
      assert.equal(res.status, 401, key);
      assert.equal(res.headers.get('set-cookie'), null);
    }
    assert.equal((await get('/dashboard/invoices', 'invoicekit_dashboard=sk_live_forged')).status, 303);
    const foreign = await fetchPublic(`${server.base}/dashboard/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: `key=${server.newKey()}`,
    });
    assert.equal(foreign.status, 403);
  });

  test('a key sees its own account only', async () => {
    const a = await account();
    const b = await account();
    const ca = await a.stripe.customers.create({ name: 'Only in A', email: 'a@example.com' });
    const list = await get('/dashboard/customers', a.cookie);
    assert.equal(list.status, 200);
    assert.ok(list.text.includes('Only in A'));
    assert.ok(!(await get('/dashboard/customers', b.cookie)).text.includes('Only in A'));
    assert.equal((await get(`/dashboard/customers/${ca.id}`, b.cookie)).status, 404);
    assert.equal((await get(`/dashboard/customers/${ca.id}`, a.cookie)).status, 200);
  });

  test('invoices: search by number, open one with its lines, totals and links; drafts say they have none', async () => {
    const { stripe, cookie } = await account();
    const c = await stripe.customers.create({ name: '<b>Jenny</b> 山田', email: 'jenny@example.com' });
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 123456, currency: 'usd', description: 'Consulting' });
    const draftPage = await get(`/dashboard/invoices/${inv.id}`, cookie);
    assert.ok(draftPage.text.includes('has no hosted page or PDF until it is finalized'));
    const open = await stripe.invoices.finalizeInvoice(inv.id!);
    const other = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: other.id, amount: 1, currency: 'usd' });
    await stripe.invoices.finalizeInvoice(other.id!);

    const found = await get(`/dashboard/invoices?q=${encodeURIComponent(open.number!)}`, cookie);
    assert.equal(found.status, 200);
    assert.equal((found.text.match(/<tr><td[^>]*><a href="\/dashboard\/invoices\//g) ?? []).length, 1);
    assert.ok(found.text.includes(open.number!));
    const byId = await get(`/dashboard/invoices?q=${open.id}`, cookie);
    assert.equal(byId.status, 303);
    assert.equal(byId.headers.get('location'), `/dashboard/invoices/${open.id}`);

    const detail = await get(`/dashboard/invoices/${open.id}`, cookie);
    assert.ok(detail.text.includes('Consulting'));
    assert.match(detail.text, /data-field="total">\$1,234\.56</);
    assert.ok(detail.text.includes(`href="${open.invoice_pdf}"`));
    assert.ok(detail.text.includes(`href="${open.hosted_invoice_url}"`));
    assert.ok(detail.text.includes('&lt;b&gt;Jenny&lt;/b&gt; 山田'));
    assert.ok(!detail.text.includes('<b>Jenny</b>'));
    assert.ok(!detail.text.includes('link_secret'), 'stored-only fields stay hidden');

    const byEmail = await get('/dashboard/customers?q=jenny%40example.com', cookie);
    assert.ok(byEmail.text.includes(`/dashboard/customers/${c.id}`));
  });

  test('payments, charges, refunds and payment methods are listed and shown', async () => {
    const { stripe, cookie } = await account();
    const pi = await stripe.paymentIntents.create({ amount: 4321, currency: 'usd', payment_method: 'pm_card_mastercard', confirm: true });
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    const payments = await get('/dashboard/payment_intents', cookie);
    assert.equal(payments.status, 200);
    assert.ok(payments.text.includes(pi.id) && payments.text.includes('$43.21') && payments.text.includes('succeeded'));
    const charges = await get('/dashboard/charges', cookie);
    assert.ok(charges.text.includes(pi.latest_charge as string) && charges.text.includes('mastercard •••• 4444') && charges.text.includes('$10.00'));
    assert.ok((await get('/dashboard/refunds', cookie)).text.includes(refund.id));
    assert.ok((await get('/dashboard/payment_methods', cookie)).text.includes(pi.payment_method as string));
    const one = await get(`/dashboard/charges/${pi.latest_charge}`, cookie);
    assert.equal(one.status, 200);
    assert.ok(one.text.includes('&quot;amount_refunded&quot;: 1000') || one.text.includes('"amount_refunded": 1000'));
  });

  test('credit notes: listed with their number, found by invoice id, opened by id', async () => {
    const { stripe, cookie } = await account();
    const c = await stripe.customers.create({ name: 'Credited' });
    const inv = await stripe.invoices.create({ customer: c.id });
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 5000, currency: 'usd' });
    const open = await stripe.invoices.finalizeInvoice(inv.id!, { auto_advance: false });
    const cn = await stripe.creditNotes.create({ invoice: open.id!, amount: 1250 });
    const list = await get('/dashboard/credit_notes', cookie);
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(cn.number));
    assert.ok(list.text.includes('$12.50'));
    const byInvoice = await get(`/dashboard/credit_notes?q=${open.id}`, cookie);
    assert.ok(byInvoice.text.includes(`/dashboard/credit_notes/${cn.id}`));
    assert.equal((await get(`/dashboard/credit_notes?q=${cn.id}`, cookie)).status, 303);
    assert.equal((await get(`/dashboard/credit_notes/${cn.id}`, cookie)).status, 200);
  });

  test('subscriptions and test clocks: listed (canceled ones too), found by customer or clock, opened by id', async () => {
    const { stripe, cookie } = await account();
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: 1_894_665_600, name: 'Dashboard clock' });
    const c = await stripe.customers.create({ name: 'Subscriber', test_clock: clock.id });
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' }, product_data: { name: 'Seat' }, nickname: 'Seat monthly' });
    const sub = await stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id, quantity: 2 }], collection_method: 'send_invoice', days_until_due: 30 });
    await stripe.subscriptions.cancel(sub.id);
    const byCustomer = await get(`/dashboard/subscriptions?q=${c.id}`, cookie);
    assert.equal(byCustomer.status, 200);
    assert.ok(byCustomer.text.includes(`/dashboard/subscriptions/${sub.id}`) && byCustomer.text.includes('canceled') && byCustomer.text.includes('2 × Seat monthly'));
    assert.ok((await get(`/dashboard/subscriptions?q=${clock.id}`, cookie)).text.includes(sub.id));
    assert.ok(!(await get(`/dashboard/subscriptions?q=${clock.id}&status=active`, cookie)).text.includes(`/dashboard/subscriptions/${sub.id}`));
    assert.equal((await get(`/dashboard/subscriptions/${sub.id}`, cookie)).status, 200);
    const clocks = await get('/dashboard/test_clocks', cookie);
    assert.ok(clocks.text.includes('Dashboard clock') && clocks.text.includes(`/dashboard/test_clocks/${clock.id}`));
    // Every list is in the navigation, the later resources too.
    for (const path of ['customers', 'invoices', 'credit_notes', 'subscriptions', 'test_clocks', 'payment_intents', 'charges', 'refunds', 'payment_methods', 'webhook_endpoints'])
      assert.ok(clocks.text.includes(`href="/dashboard/${path}"`), path);
  });

  test('lists page like the API: starting_after and ending_before links over 25 rows a page', async () => {
    const { stripe, cookie } = await account();
    const made: string[] = [];
    for (let i = 0; i < 30; i++) made.push((await stripe.products.create({ name: `Product ${i}` })).id);
    const first = await get('/dashboard/products', cookie);
    const ids = (text: string) => [...text.matchAll(/<td[^>]*><a href="\/dashboard\/products\/(prod_[A-Za-z0-9]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids(first.text), made.slice().reverse().slice(0, 25));
    const next = /rel="next" href="([^"]+)"/.exec(first.text)![1].replace(/&amp;/g, '&');
    assert.ok(!first.text.includes('rel="prev"'));
    const second = await get(next, cookie);
    assert.deepEqual(ids(second.text), made.slice().reverse().slice(25));
    assert.ok(!second.text.includes('rel="next"'));
    const prev = /rel="prev" href="([^"]+)"/.exec(second.text)![1].replace(/&amp;/g, '&');
    assert.deepEqual(ids((await get(prev, cookie)).text), made.slice().reverse().slice(0, 25));
    assert.equal((await get('/dashboard/products?starting_after=prod_nope', cookie)).status, 400);
  });

  test('events show their JSON; a delivery of another account cannot be resent', async () => {
    const a = await account();
    const c = await a.stripe.customers.create({ name: 'Evented' });
    const event = (await a.stripe.events.list({ type: 'customer.created' })).data.find((e) => (e.data.object as Stripe.Customer).id === c.id)!;
    const page = await get(`/dashboard/events/${event.id}`, a.cookie);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('customer.created'));
    assert.ok(page.text.includes(c.id));
    const ep = await a.stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/nowhere', enabled_events: ['*'] });
    const b = await account();
    const resend = (cookie: string, origin?: string) =>
      fetchPublic(`${server.base}/dashboard/webhook_endpoints/${ep.id}/deliveries/1/resend`, { method: 'POST', headers: { cookie, ...(origin ? { origin } : {}) } });
    assert.equal((await resend(b.cookie)).status, 404);
    assert.equal((await resend(a.cookie, 'https://evil.example')).status, 403);
    assert.equal((await get(`/dashboard/webhook_endpoints/${ep.id}`, b.cookie)).status, 404);
    assert.equal((await get(`/dashboard/webhook_endpoints/${ep.id}`, a.cookie)).status, 200);
  });
});
