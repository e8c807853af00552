// Paying an open invoice from its hosted page: a form without script posting a test card to
// /i/:token/pay, charged like POST /v1/invoices/:id/pay. Success shows the invoice paid, a
// decline shows Stripe's message, a 3D Secure card goes by the authentication page and back;
// a POST from another site is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { fetchPublic } from '../helpers/pages.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

async function openInvoice(stripe: Stripe) {
  const customer = await stripe.customers.create({ name: 'Pat Payer', email: 'pat@example.com' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 12345, currency: 'usd', description: 'Consulting' });
  const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30, pending_invoice_items_behavior: 'include' });
  return stripe.invoices.finalizeInvoice(draft.id);
}

const form = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetchPublic(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

test('an open invoice shows the form; a good card pays it and the page then shows it paid', async () => {
  const { stripe } = server.fresh();
  const inv = await openInvoice(stripe);
  const page = await fetchPublic(inv.hosted_invoice_url!);
  assert.match(page.text, /<form class="pay" method="post" action="\/i\/[^"]+\/pay"/);
  assert.match(page.text, /<option value="pm_card_visa">/);
  const res = await form(inv.hosted_invoice_url! + '/pay', 'payment_method=pm_card_visa', { origin: server.base });
  assert.equal(res.status, 303);
  assert.equal(new URL(res.headers.get('location')!, server.base).pathname, new URL(inv.hosted_invoice_url!).pathname);
  const paid = await stripe.invoices.retrieve(inv.id);
  assert.equal(paid.status, 'paid');
  assert.equal(paid.amount_paid, 12345);
  const after = await fetchPublic(inv.hosted_invoice_url!);
  assert.match(after.text, /data-field="status">Paid</);
  assert.doesNotMatch(after.text, /data-form="pay"/);
});

test('a declining card shows the decline message and leaves the invoice open', async () => {
  const { stripe } = server.fresh();
  const inv = await openInvoice(stripe);
  const res = await form(inv.hosted_invoice_url! + '/pay', 'payment_method=pm_card_visa_chargeDeclinedInsufficientFunds');
  assert.equal(res.status, 402);
  assert.match(res.text, /data-field="notice" data-kind="error">Your card has insufficient funds\.</);
  const open = await stripe.invoices.retrieve(inv.id);
  assert.equal(open.status, 'open');
  assert.equal(open.attempted, true);
});

test('a 3D Secure card goes to the authentication page, and Complete comes back to the paid invoice', async () => {
  const { stripe } = server.fresh();
  const inv = await openInvoice(stripe);
  const res = await form(inv.hosted_invoice_url! + '/pay', 'payment_method=pm_card_authenticationRequired');
  assert.equal(res.status, 303);
  const auth = new URL(res.headers.get('location')!, server.base).toString();
  assert.match(auth, /\/authenticate\//);
  const done = await form(auth, 'outcome=complete');
  assert.equal(done.status, 303);
  const back = new URL(done.headers.get('location')!, server.base);
  assert.equal(back.pathname, new URL(inv.hosted_invoice_url!).pathname);
  assert.equal(back.searchParams.get('redirect_status'), 'succeeded');
  assert.equal((await stripe.invoices.retrieve(inv.id)).status, 'paid');
});

test('refused: another site\'s POST, a card not offered, a wrong token; a paid invoice takes no second payment', async () => {
  const { stripe } = server.fresh();
  const inv = await openInvoice(stripe);
  const url = inv.hosted_invoice_url! + '/pay';
  assert.equal((await form(url, 'payment_method=pm_card_visa', { origin: 'https://evil.example' })).status, 403);
  assert.equal((await form(url, 'payment_method=pm_card_visa', { 'sec-fetch-site': 'cross-site' })).status, 403);
  const odd = await form(url, 'payment_method=pm_123');
  assert.equal(odd.status, 402);
  assert.match(odd.text, /Choose one of the test cards/);
  assert.equal((await form(url.replace('/i/test_', '/i/test_x'), 'payment_method=pm_card_visa')).status, 404);
  assert.equal((await stripe.invoices.retrieve(inv.id)).status, 'open');
  assert.equal((await form(url, 'payment_method=pm_card_visa')).status, 303);
  // A second submit of the form finds it paid: back to the page, nothing charged again.
  const again = await form(url, 'payment_method=pm_card_visa');
  assert.equal(again.status, 303);
  assert.equal((await stripe.charges.list()).data.length, 1);
});
