// Invoices finalized before hosted links existed (no link secret stored, links null) get their
// links from migration 011: the backfill gives each finalized invoice its own, drafts none, and
// leaves invoices that have one as they were.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startServer, type TestServer } from '../helpers/server.ts';
import { fetchPublic } from '../helpers/pages.ts';
import { up as backfill } from '../../src/store/migrations/011-invoice-link-backfill.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

/** Makes the stored invoice look as one finalized before links existed. */
async function forgetLinks(id: string): Promise<void> {
  const row = await sql<{ data: string }>`select data from objects where id = ${id} and type = 'invoice'`.execute(server.store.db);
  const inv = JSON.parse(row.rows[0].data);
  delete inv.internal.link_secret;
  await sql`update objects set data = ${JSON.stringify(inv)} where id = ${id} and type = 'invoice'`.execute(server.store.db);
}

test('a finalized invoice without links gets them; a draft does not; existing links stay', async () => {
  const { stripe } = server.fresh();
  const customer = await stripe.customers.create({ name: 'Old Timer' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd' });
  const old = await stripe.invoices.finalizeInvoice((await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' })).id);
  const kept = await stripe.invoices.finalizeInvoice((await stripe.invoices.create({ customer: customer.id })).id);
  const draft = await stripe.invoices.create({ customer: customer.id });
  await forgetLinks(old.id);
  assert.equal((await stripe.invoices.retrieve(old.id)).hosted_invoice_url, null);

  await backfill(server.store.db);

  const now = await stripe.invoices.retrieve(old.id);
  assert.ok(now.hosted_invoice_url?.startsWith(server.base + '/i/test_'));
  assert.equal(now.invoice_pdf, now.hosted_invoice_url + '/pdf');
  const page = await fetchPublic(now.hosted_invoice_url!);
  assert.equal(page.status, 200);
  assert.match(page.text, /Old Timer/);
  assert.equal((await stripe.invoices.retrieve(kept.id)).hosted_invoice_url, kept.hosted_invoice_url);
  assert.equal((await stripe.invoices.retrieve(draft.id)).hosted_invoice_url, null);
  // Stable: running it again changes nothing.
  await backfill(server.store.db);
  assert.equal((await stripe.invoices.retrieve(old.id)).hosted_invoice_url, now.hosted_invoice_url);
});
