// Customer balance transactions: created by hand (`adjustment`), by a balance given at creation
// (`initial`) or set on update (`adjustment`), by finalization (`applied_to_invoice`) and voiding
// (`unapplied_from_invoice`); the customer's balance always equals the sum of its transactions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { rejects } from '../helpers/invoices.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

async function all(stripe: Stripe, customer: string): Promise<Stripe.CustomerBalanceTransaction[]> {
  const out: Stripe.CustomerBalanceTransaction[] = [];
  for await (const t of stripe.customers.listBalanceTransactions(customer, { limit: 2 })) out.push(t);
  return out;
}

async function balanceInStep(stripe: Stripe, customer: string): Promise<number> {
  const c = (await stripe.customers.retrieve(customer)) as Stripe.Customer;
  const txns = await all(stripe, customer);
  assert.equal(txns.reduce((a, t) => a + t.amount, 0), c.balance);
  if (txns.length > 0) assert.equal(txns[0].ending_balance, c.balance);
  return c.balance;
}

describe('customer balance transactions', () => {
  test('create, retrieve, update, list; the balance follows', async () => {
    const { stripe } = server.fresh();
    const c = await stripe.customers.create({ name: 'B' });
    const t1 = await stripe.customers.createBalanceTransaction(c.id, { amount: -500, currency: 'usd', description: 'Goodwill', metadata: { a: '1' } });
    assert.match(t1.id, /^cbtxn_/);
    assert.equal(t1.object, 'customer_balance_transaction');
    assert.equal(t1.type, 'adjustment');
    assert.equal(t1.amount, -500);
    assert.equal(t1.ending_balance, -500);
    assert.equal(t1.currency, 'usd');
    assert.equal(t1.customer, c.id);
    assert.equal(t1.description, 'Goodwill');
    assert.deepEqual(t1.metadata, { a: '1' });
    assert.equal(t1.invoice, null);
    assert.equal(t1.credit_note, null);
    const t2 = await stripe.customers.createBalanceTransaction(c.id, { amount: 200, currency: 'usd' });
    assert.equal(t2.ending_balance, -300);
    const cust = (await stripe.customers.retrieve(c.id)) as Stripe.Customer;
    assert.equal(cust.balance, -300);
    assert.equal(cust.currency, 'usd', 'the customer takes the currency of its first transaction');
    assert.deepEqual(await stripe.customers.retrieveBalanceTransaction(c.id, t1.id), t1);
    const upd = await stripe.customers.updateBalanceTransaction(c.id, t1.id, { description: 'Sorry', metadata: { a: '', b: '2' } });
    assert.equal(upd.description, 'Sorry');
    assert.deepEqual(upd.metadata, { b: '2' });
    assert.equal(upd.amount, -500);
    assert.deepEqual((await all(stripe, c.id)).map((t) => t.id), [t2.id, t1.id]);
    await balanceInStep(stripe, c.id);
  });

  test('a balance set on the customer is a transaction: initial at creation, adjustment on update', async () => {
    const { stripe } = server.fresh();
    const c = await stripe.customers.create({ balance: 1000 });
    await stripe.customers.update(c.id, { balance: -250 });
    const txns = await all(stripe, c.id);
    assert.deepEqual(txns.map((t) => [t.type, t.amount, t.ending_balance]), [['adjustment', -1250, -250], ['initial', 1000, 1000]]);
    assert.equal(await balanceInStep(stripe, c.id), -250);
  });

  test('finalization applies the balance (applied_to_invoice); voiding gives it back (unapplied_from_invoice)', async () => {
    const { stripe } = server.fresh();
    const c = await stripe.customers.create({ name: 'F' });
    await stripe.customers.createBalanceTransaction(c.id, { amount: -700, currency: 'usd' });
    await stripe.invoiceItems.create({ customer: c.id, amount: 2000, currency: 'usd' });
    const draft = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: 30 });
    const inv = await stripe.invoices.finalizeInvoice(draft.id);
    assert.equal(inv.starting_balance, -700);
    assert.equal(inv.ending_balance, 0);
    assert.equal(inv.amount_due, 1300);
    let txns = await all(stripe, c.id);
    assert.equal(txns[0].type, 'applied_to_invoice');
    assert.equal(txns[0].amount, 700);
    assert.equal(txns[0].invoice, inv.id);
    assert.equal(txns[0].ending_balance, 0);
    const byInvoice = await stripe.customers.listBalanceTransactions(c.id, { invoice: inv.id });
    assert.deepEqual(byInvoice.data.map((t) => t.id), [txns[0].id]);
    const expanded = await stripe.customers.retrieveBalanceTransaction(c.id, txns[0].id, { expand: ['invoice'] });
    assert.equal((expanded.invoice as Stripe.Invoice).id, inv.id);
    await stripe.invoices.voidInvoice(inv.id);
    txns = await all(stripe, c.id);
    assert.deepEqual([txns[0].type, txns[0].amount, txns[0].invoice], ['unapplied_from_invoice', -700, inv.id]);
    assert.equal(await balanceInStep(stripe, c.id), -700);
  });

  test('errors: unknown customer or transaction, another customer\'s transaction, missing params, currency mismatch', async () => {
    const { stripe } = server.fresh();
    const a = await stripe.customers.create({});
    const b = await stripe.customers.create({});
    const t = await stripe.customers.createBalanceTransaction(a.id, { amount: 100, currency: 'usd' });
    await rejects(stripe.customers.createBalanceTransaction('cus_nope', { amount: 1, currency: 'usd' }), { status: 404, message: "No such customer: 'cus_nope'" });
    await rejects(stripe.customers.retrieveBalanceTransaction(b.id, t.id), { status: 404, message: `No such customer_balance_transaction: '${t.id}'` });
    await rejects(stripe.customers.createBalanceTransaction(a.id, { currency: 'usd' } as any), { status: 400, param: 'amount', message: 'Missing required param: amount.' });
    await rejects(stripe.customers.createBalanceTransaction(a.id, { amount: 5 } as any), { status: 400, param: 'currency' });
    await rejects(stripe.customers.createBalanceTransaction(a.id, { amount: 5, currency: 'eur' }), { status: 400, param: 'currency' });
    await rejects(stripe.customers.updateBalanceTransaction(a.id, t.id, { amount: 5 } as any), { status: 400, param: 'amount', code: 'parameter_unknown' });
    // Another account sees nothing.
    const other = server.fresh().stripe;
    await rejects(other.customers.retrieveBalanceTransaction(a.id, t.id), { status: 404 });
    assert.equal(await balanceInStep(stripe, a.id), 100);
  });
});
