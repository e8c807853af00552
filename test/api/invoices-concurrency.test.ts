// Invoices under concurrent requests through the official SDK: numbers stay
// distinct and consecutive, the 250-line cap holds, a state move happens once,
// and no item lands on an invoice behind its totals' back. Run it against
// PostgreSQL too (TEST_DATABASE_URL=postgres://...), where requests really overlap.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { allLines } from '../helpers/invoices.ts';

let server: TestServer;
let stripe: Stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server.close());

async function draftFor(customer: string, amount = 1000): Promise<string> {
  const inv = await stripe.invoices.create({ customer });
  await stripe.invoiceItems.create({ customer, invoice: inv.id, amount, currency: 'usd' });
  return inv.id!;
}

const rejectedWith = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as { statusCode: number; message: string; param?: string });

describe('invoices: concurrency', () => {
  test('20 parallel finalizations for one customer: distinct, consecutive numbers', async () => {
    const c = await stripe.customers.create({ invoice_prefix: 'PAR' });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await draftFor(c.id));
    const done = await Promise.all(ids.map((id) => stripe.invoices.finalizeInvoice(id)));
    const numbers = done.map((inv) => inv.number!).sort();
    assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => `PAR-${String(i + 1).padStart(4, '0')}`));
    assert.equal(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).next_invoice_sequence, 21);
    const stored = await Promise.all(ids.map((id) => stripe.invoices.retrieve(id)));
    assert.deepEqual(stored.map((inv) => inv.number).sort(), numbers);
  });

  test('the same draft finalized 8 times at once: once, one number', async () => {
    const c = await stripe.customers.create({ invoice_prefix: 'ONCE', balance: -300 });
    const id = await draftFor(c.id);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => stripe.invoices.finalizeInvoice(id)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const e of rejectedWith(results)) {
      assert.equal(e.statusCode, 400);
      assert.equal(e.message, "This invoice is already finalized, you can't re-finalize a non-draft invoice.");
    }
    const inv = await stripe.invoices.retrieve(id);
    assert.equal(inv.number, 'ONCE-0001');
    assert.equal(inv.amount_due, 700);
    const customer = (await stripe.customers.retrieve(c.id)) as Stripe.Customer;
    assert.equal(customer.next_invoice_sequence, 2);
    assert.equal(customer.balance, 0, 'the credit was applied once');
  });

  test('an invoice paid out of band by 8 requests at once is paid once', async () => {
    const c = await stripe.customers.create({});
    const id = await draftFor(c.id, 4200);
    await stripe.invoices.finalizeInvoice(id);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => stripe.invoices.pay(id, { paid_out_of_band: true })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const e of rejectedWith(results)) assert.equal(e.message, 'Invoice is already paid');
    const inv = await stripe.invoices.retrieve(id);
    assert.deepEqual([inv.status, inv.amount_paid, inv.amount_remaining], ['paid', 4200, 0]);
  });

  test('260 parallel item creations against one draft never pass 250 lines', async () => {
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.create({ customer: c.id });
    const results = await Promise.allSettled(
      Array.from({ length: 260 }, (_, i) => stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: i + 1, currency: 'usd' })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<Stripe.InvoiceItem>).value);
    assert.equal(ok.length, 250);
    const refused = rejectedWith(results);
    assert.equal(refused.length, 10);
    for (const e of refused) {
      assert.equal(e.statusCode, 400);
      assert.equal(e.param, 'invoice');
    }
    const lines = await allLines(stripe, inv.id!);
    assert.equal(lines.length, 250);
    const got = await stripe.invoices.retrieve(inv.id!);
    const sum = ok.reduce((a, ii) => a + ii.amount, 0);
    assert.equal(got.subtotal, sum);
    assert.equal(got.total, sum);
    assert.equal((await stripe.invoiceItems.list({ invoice: inv.id, limit: 100 })).data.length, 100);
    let attached = 0;
    for await (const _ of stripe.invoiceItems.list({ invoice: inv.id, limit: 100 })) attached++;
    assert.equal(attached, 250);
  });

  test('items added while the invoice is finalized either make it onto its totals or are refused', async () => {
    const c = await stripe.customers.create({});
    const id = await draftFor(c.id, 100);
    const adds = Array.from({ length: 30 }, (_, i) => stripe.invoiceItems.create({ customer: c.id, invoice: id, amount: 1000 + i, currency: 'usd' }));
    const [fin, ...added] = await Promise.allSettled([stripe.invoices.finalizeInvoice(id), ...adds]);
    assert.equal(fin.status, 'fulfilled');
    for (const e of rejectedWith(added)) assert.equal(e.statusCode, 400);
    const inv = await stripe.invoices.retrieve(id);
    assert.equal(inv.status, 'open');
    let sum = 0;
    for await (const ii of stripe.invoiceItems.list({ invoice: id, limit: 100 })) sum += ii.amount;
    assert.equal(inv.total, sum, 'every item on the invoice is in its total');
    assert.equal(inv.amount_due, sum);
    assert.equal((await allLines(stripe, id)).length, added.filter((r) => r.status === 'fulfilled').length + 1);
  });

  test('parallel finalizations across customers keep each customer\'s own sequence', async () => {
    const customers = await Promise.all(['XA', 'XB', 'XC'].map((invoice_prefix) => stripe.customers.create({ invoice_prefix })));
    const drafts: [string, string][] = [];
    for (const c of customers) for (let i = 0; i < 5; i++) drafts.push([c.invoice_prefix!, await draftFor(c.id)]);
    const done = await Promise.all(drafts.map(([, id]) => stripe.invoices.finalizeInvoice(id)));
    for (const prefix of ['XA', 'XB', 'XC']) {
      const mine = done.filter((inv) => inv.number!.startsWith(`${prefix}-`)).map((inv) => inv.number).sort();
      assert.deepEqual(mine, [1, 2, 3, 4, 5].map((n) => `${prefix}-000${n}`));
    }
  });
});
