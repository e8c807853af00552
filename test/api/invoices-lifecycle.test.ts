// The invoice lifecycle through the official SDK: finalize (numbering, status
// transitions, effective_at, due_date, the customer balance), pay, send, void,
// mark_uncollectible, and every illegal move refused with no change.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { lacks } from '../helpers/assertions.ts';
import { plain, rejects } from '../helpers/invoices.ts';
import { BASIL, byPrice, invoiceTaxesOf, lineItemOf, priceOf } from '../helpers/versioned.ts';

let server: TestServer;
let stripe: Stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server.close());

const now = () => Math.floor(Date.now() / 1000);
const DAY = 86_400;
const NO_PAYMENT_METHOD =
  'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.';

/** A draft for a customer with one item of `amount` on it. */
async function draft(customer: string, amount = 1000, params: Partial<Stripe.InvoiceCreateParams> = {}): Promise<Stripe.Invoice> {
  const inv = await stripe.invoices.create({ customer, ...params });
  if (amount !== 0) await stripe.invoiceItems.create({ customer, invoice: inv.id, amount, currency: inv.currency });
  return stripe.invoices.retrieve(inv.id!);
}

const balanceOf = async (id: string) => ((await stripe.customers.retrieve(id)) as Stripe.Customer).balance;

describe('invoices: finalize', () => {
  test('draft -> open: number, finalized_at, effective_at, frozen customer details', async () => {
    const c = await stripe.customers.create({ invoice_prefix: 'ACME', name: 'Old name', email: 'a@example.com' });
    const inv = await draft(c.id, 1000);
    const open = await stripe.invoices.finalizeInvoice(inv.id!);
    assert.equal(open.status, 'open');
    assert.equal(open.number, 'ACME-0001');
    assert.ok(Math.abs(open.status_transitions.finalized_at! - now()) < 60);
    assert.equal(open.status_transitions.paid_at, null);
    assert.equal(open.effective_at, open.status_transitions.finalized_at);
    assert.equal(open.due_date, null, 'charge_automatically has no due date');
    assert.equal(open.amount_due, 1000);
    assert.equal(open.amount_remaining, 1000);
    assert.equal(open.amount_paid, 0);
    assert.equal(open.starting_balance, 0);
    assert.equal(open.ending_balance, 0);
    // Finalization makes the hosted page and PDF links (test/api/invoice-pages.test.ts covers them).
    assert.match(open.hosted_invoice_url!, /^http:\/\/127\.0\.0\.1:\d+\/i\/test_/);
    assert.equal(open.invoice_pdf, `${open.hosted_invoice_url}/pdf`);
    assert.equal(open.customer_name, 'Old name');
    if (!BASIL) assert.deepEqual([(open as any).paid, (open as any).paid_out_of_band], [false, false]);
    assert.deepEqual(plain(await stripe.invoices.retrieve(inv.id!)), plain(open));
    // After finalization the customer's changes no longer show on it.
    await stripe.customers.update(c.id, { name: 'New name' });
    assert.equal((await stripe.invoices.update(inv.id!, { description: 'x' })).customer_name, 'Old name');
    assert.equal(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).next_invoice_sequence, 2);
  });

  test('numbers are consecutive per customer, and a custom number takes no sequence', async () => {
    const a = await stripe.customers.create({ invoice_prefix: 'AAAA' });
    const b = await stripe.customers.create({ invoice_prefix: 'BBBB' });
    const numbers: (string | null)[] = [];
    for (const cust of [a, a, b, a, b]) numbers.push((await stripe.invoices.finalizeInvoice((await draft(cust.id)).id!)).number);
    assert.deepEqual(numbers, ['AAAA-0001', 'AAAA-0002', 'BBBB-0001', 'AAAA-0003', 'BBBB-0002']);
    const custom = await stripe.invoices.finalizeInvoice((await draft(a.id, 1000, { number: 'SPECIAL-7' })).id!);
    assert.equal(custom.number, 'SPECIAL-7');
    assert.equal((await stripe.invoices.finalizeInvoice((await draft(a.id)).id!)).number, 'AAAA-0004');
    // A number already used by a finalized invoice cannot be used again.
    const dup = await draft(a.id, 1000, { number: 'SPECIAL-7' });
    await rejects(stripe.invoices.finalizeInvoice(dup.id!), { status: 400, param: 'number' });
    assert.equal((await stripe.invoices.retrieve(dup.id!)).status, 'draft');
    // next_invoice_sequence set on the customer is where numbering continues.
    await stripe.customers.update(b.id, { next_invoice_sequence: 41 });
    assert.equal((await stripe.invoices.finalizeInvoice((await draft(b.id)).id!)).number, 'BBBB-0041');
    // Deleting a draft or voiding never gives a number back: drafts have none.
    const d = await draft(b.id);
    await stripe.invoices.del(d.id!);
    assert.equal((await stripe.invoices.finalizeInvoice((await draft(b.id)).id!)).number, 'BBBB-0042');
  });

  test('send_invoice: due_date = finalization + days_until_due, or the due_date given', async () => {
    const c = await stripe.customers.create({});
    const byDays = await stripe.invoices.finalizeInvoice((await draft(c.id, 1000, { collection_method: 'send_invoice', days_until_due: 14 })).id!);
    assert.equal(byDays.due_date, byDays.status_transitions.finalized_at! + 14 * DAY);
    const due = now() + 5 * DAY;
    const fixed = await stripe.invoices.finalizeInvoice((await draft(c.id, 1000, { collection_method: 'send_invoice', due_date: due })).id!);
    assert.equal(fixed.due_date, due);
    const zeroDays = await stripe.invoices.finalizeInvoice((await draft(c.id, 1000, { collection_method: 'send_invoice', days_until_due: 0 })).id!);
    assert.equal(zeroDays.due_date, zeroDays.status_transitions.finalized_at);
  });

  test('effective_at given on the draft is kept; auto_advance on finalize is applied', async () => {
    const c = await stripe.customers.create({});
    const effective = now() - 10 * DAY;
    const inv = await draft(c.id, 1000, { effective_at: effective });
    const open = await stripe.invoices.finalizeInvoice(inv.id!, { auto_advance: true });
    assert.equal(open.effective_at, effective);
    assert.equal(open.auto_advance, true);
  });

  test('an invoice with nothing to pay is paid at finalization', async () => {
    const c = await stripe.customers.create({});
    const empty = await stripe.invoices.finalizeInvoice((await stripe.invoices.create({ customer: c.id })).id!);
    assert.equal(empty.status, 'paid');
    assert.ok(empty.number);
    assert.equal(empty.amount_due, 0);
    assert.equal(empty.amount_paid, 0);
    assert.equal(empty.amount_remaining, 0);
    assert.equal(empty.status_transitions.paid_at, empty.status_transitions.finalized_at);
    assert.equal(empty.auto_advance, false);
    // Before basil: paid, and not out of band.
    if (!BASIL) assert.deepEqual([(empty as any).paid, (empty as any).paid_out_of_band], [true, false]);
    await rejects(stripe.invoices.pay(empty.id!), { status: 400, message: 'Invoice is already paid' });
  });

  test('customer credit is applied at finalization and the customer balance changes with it', async () => {
    // Credit smaller than the total: it is used up.
    const c1 = await stripe.customers.create({ balance: -500 });
    const d1 = await draft(c1.id, 2000);
    assert.equal(d1.starting_balance, -500, 'a draft shows the current balance');
    assert.equal(d1.ending_balance, null);
    assert.equal(await balanceOf(c1.id), -500, 'nothing is applied before finalization');
    const f1 = await stripe.invoices.finalizeInvoice(d1.id!);
    assert.deepEqual([f1.total, f1.starting_balance, f1.amount_due, f1.ending_balance, f1.amount_remaining, f1.status], [2000, -500, 1500, 0, 1500, 'open']);
    assert.equal(await balanceOf(c1.id), 0);

    // Credit larger than the total: the invoice is paid, the rest stays credit.
    const c2 = await stripe.customers.create({ balance: -3000 });
    const f2 = await stripe.invoices.finalizeInvoice((await draft(c2.id, 2000)).id!);
    assert.deepEqual([f2.total, f2.starting_balance, f2.amount_due, f2.ending_balance, f2.status], [2000, -3000, 0, -1000, 'paid']);
    assert.equal(await balanceOf(c2.id), -1000);

    // A debt is added to the invoice.
    const c3 = await stripe.customers.create({ balance: 300 });
    const f3 = await stripe.invoices.finalizeInvoice((await draft(c3.id, 2000)).id!);
    assert.deepEqual([f3.total, f3.starting_balance, f3.amount_due, f3.ending_balance], [2000, 300, 2300, 0]);
    assert.equal(await balanceOf(c3.id), 0);

    // The balance applies to the next invoice finalized, whichever was created first.
    const c4 = await stripe.customers.create({ balance: -700 });
    const older = await draft(c4.id, 1000);
    const newer = await draft(c4.id, 1000);
    assert.equal((await stripe.invoices.finalizeInvoice(newer.id!)).amount_due, 300);
    const o = await stripe.invoices.finalizeInvoice(older.id!);
    assert.deepEqual([o.starting_balance, o.amount_due, o.ending_balance], [0, 1000, 0]);
  });

  test('a negative invoice credits the customer; an amount below the minimum is deferred to the balance', async () => {
    const c = await stripe.customers.create({});
    const credit = await stripe.invoices.finalizeInvoice((await draft(c.id, -800)).id!);
    assert.deepEqual([credit.total, credit.amount_due, credit.ending_balance, credit.status], [-800, 0, -800, 'paid']);
    assert.equal(await balanceOf(c.id), -800);

    const small = await stripe.customers.create({});
    const f = await stripe.invoices.finalizeInvoice((await draft(small.id, 30)).id!);
    assert.deepEqual([f.total, f.amount_due, f.amount_paid, f.status], [30, 0, 0, 'paid']);
    assert.equal(f.ending_balance, 30, 'the 30 cents owed move to the balance');
    assert.equal(await balanceOf(small.id), 30);
    const next = await stripe.invoices.finalizeInvoice((await draft(small.id, 1000)).id!);
    assert.equal(next.amount_due, 1030);
  });

  test('illegal: finalizing a non-draft; a deleted customer', async () => {
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.finalizeInvoice((await draft(c.id)).id!);
    const before = plain(inv);
    await rejects(stripe.invoices.finalizeInvoice(inv.id!), {
      status: 400, message: "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
    });
    assert.deepEqual(plain(await stripe.invoices.retrieve(inv.id!)), before);
    await rejects(stripe.invoices.finalizeInvoice('in_nope'), { status: 404, param: 'id', code: 'resource_missing' });
    await rejects(stripe.invoices.finalizeInvoice(inv.id!, { foo: 1 } as any), { param: 'foo', code: 'parameter_unknown' });
    const gone = await stripe.customers.create({ balance: -100 });
    const orphan = await draft(gone.id);
    await stripe.customers.del(gone.id);
    await rejects(stripe.invoices.finalizeInvoice(orphan.id!), { status: 400 });
    assert.equal((await stripe.invoices.retrieve(orphan.id!)).status, 'draft');
  });
});

describe('invoices: pay', () => {
  test('paid_out_of_band marks an open invoice paid', async () => {
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.finalizeInvoice((await draft(c.id, 1500)).id!);
    const paid = await stripe.invoices.pay(inv.id!, { paid_out_of_band: true });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount_paid, 1500);
    assert.equal(paid.amount_remaining, 0);
    assert.equal(paid.amount_due, 1500);
    assert.ok(Math.abs(paid.status_transitions.paid_at! - now()) < 60);
    assert.equal(paid.auto_advance, false);
    assert.equal(paid.next_payment_attempt, null);
    assert.equal(paid.number, inv.number);
    if (BASIL) lacks(paid, 'paid', 'paid_out_of_band');
    else assert.deepEqual([(paid as any).paid, (paid as any).paid_out_of_band], [true, true]);
    await rejects(stripe.invoices.pay(inv.id!, { paid_out_of_band: true }), { status: 400, message: 'Invoice is already paid' });
    await rejects(stripe.invoices.pay(inv.id!), { status: 400, message: 'Invoice is already paid' });
  });

  test('without paid_out_of_band: Stripe\'s no-payment-method error, nothing changes', async () => {
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.finalizeInvoice((await draft(c.id)).id!);
    const before = plain(inv);
    await rejects(stripe.invoices.pay(inv.id!), { status: 400, message: NO_PAYMENT_METHOD });
    await rejects(stripe.invoices.pay(inv.id!, { paid_out_of_band: false }), { status: 400, message: NO_PAYMENT_METHOD });
    await rejects(stripe.invoices.pay(inv.id!, { payment_method: 'pm_missing' }), { status: 400, param: 'payment_method', code: 'resource_missing', message: "No such PaymentMethod: 'pm_missing'" });
    await rejects(stripe.invoices.pay(inv.id!, { paid_out_of_band: 'yes' as any }), { param: 'paid_out_of_band' });
    assert.deepEqual(plain(await stripe.invoices.retrieve(inv.id!)), before);
    // A draft paid without a payment method is not finalized either.
    const d = await draft(c.id);
    await rejects(stripe.invoices.pay(d.id!), { status: 400, message: NO_PAYMENT_METHOD });
    const still = await stripe.invoices.retrieve(d.id!);
    assert.equal(still.status, 'draft');
    assert.equal(still.number, null);
  });

  test('paying a draft out of band finalizes it first', async () => {
    const c = await stripe.customers.create({ invoice_prefix: 'PAYD', balance: -200 });
    const d = await draft(c.id, 1000);
    const paid = await stripe.invoices.pay(d.id!, { paid_out_of_band: true });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.number, 'PAYD-0001');
    assert.equal(paid.amount_due, 800);
    assert.equal(paid.amount_paid, 800);
    assert.ok(paid.status_transitions.finalized_at);
    assert.ok(paid.status_transitions.paid_at);
    assert.equal(await balanceOf(c.id), 0);
  });

  test('uncollectible -> paid', async () => {
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.finalizeInvoice((await draft(c.id, 900)).id!);
    const u = await stripe.invoices.markUncollectible(inv.id!);
    const paid = await stripe.invoices.pay(u.id!, { paid_out_of_band: true });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount_paid, 900);
    assert.equal(paid.status_transitions.marked_uncollectible_at, u.status_transitions.marked_uncollectible_at);
    assert.ok(paid.status_transitions.paid_at);
  });

  test('a void invoice cannot be paid', async () => {
    const c = await stripe.customers.create({});
    const inv = await stripe.invoices.finalizeInvoice((await draft(c.id)).id!);
    await stripe.invoices.voidInvoice(inv.id!);
    const before = plain(await stripe.invoices.retrieve(inv.id!));
    await rejects(stripe.invoices.pay(inv.id!, { paid_out_of_band: true }), { status: 400, message: /void/ });
    assert.deepEqual(plain(await stripe.invoices.retrieve(inv.id!)), before);
  });
});

describe('invoices: send', () => {
  test('send_invoice invoices can be sent; a draft is finalized first', async () => {
    const c = await stripe.customers.create({});
    const d = await draft(c.id, 1000, { collection_method: 'send_invoice', days_until_due: 30 });
    const sent = await stripe.invoices.sendInvoice(d.id!);
    assert.equal(sent.status, 'open');
    assert.ok(sent.number);
    assert.equal(sent.due_date, sent.status_transitions.finalized_at! + 30 * DAY);
    const again = await stripe.invoices.sendInvoice(d.id!);
    assert.equal(again.status, 'open');
    assert.equal(again.number, sent.number);
    // Paid invoices may be sent (a receipt); void ones may not.
    await stripe.invoices.pay(d.id!, { paid_out_of_band: true });
    assert.equal((await stripe.invoices.sendInvoice(d.id!)).status, 'paid');
    const v = await stripe.invoices.finalizeInvoice((await draft(c.id, 1000, { collection_method: 'send_invoice', days_until_due: 1 })).id!);
    await stripe.invoices.voidInvoice(v.id!);
    await rejects(stripe.invoices.sendInvoice(v.id!), { status: 400 });
  });

  test('charge_automatically invoices cannot be sent, drafts stay drafts', async () => {
    const c = await stripe.customers.create({});
    const d = await draft(c.id);
    await rejects(stripe.invoices.sendInvoice(d.id!), {
      status: 400, message: "You can only manually send an invoice if its collection method is 'send_invoice'.",
    });
    assert.equal((await stripe.invoices.retrieve(d.id!)).status, 'draft');
    const open = await stripe.invoices.finalizeInvoice(d.id!);
    await rejects(stripe.invoices.sendInvoice(open.id!), { status: 400 });
  });
});

describe('invoices: void and mark_uncollectible', () => {
  test('open -> void; the customer balance applied is given back', async () => {
    const c = await stripe.customers.create({ balance: -400 });
    const inv = await stripe.invoices.finalizeInvoice((await draft(c.id, 1000)).id!);
    assert.equal(inv.amount_due, 600);
    assert.equal(await balanceOf(c.id), 0);
    const v = await stripe.invoices.voidInvoice(inv.id!);
    assert.equal(v.status, 'void');
    assert.ok(Math.abs(v.status_transitions.voided_at! - now()) < 60);
    assert.equal(v.auto_advance, false);
    assert.equal(v.number, inv.number);
    assert.equal(v.total, 1000, 'amounts stay on record');
    assert.equal(await balanceOf(c.id), -400, 'the credit used is returned (Stripe changelog 2019-12-03)');
    for (const move of [
      () => stripe.invoices.voidInvoice(inv.id!),
      () => stripe.invoices.markUncollectible(inv.id!),
      () => stripe.invoices.finalizeInvoice(inv.id!),
      () => stripe.invoices.del(inv.id!),
    ])
      await rejects(move(), { status: 400 });
    assert.deepEqual(plain(await stripe.invoices.retrieve(inv.id!)), plain(v));
  });

  test('open -> uncollectible -> void', async () => {
    const c = await stripe.customers.create({ balance: 250 });
    const inv = await stripe.invoices.finalizeInvoice((await draft(c.id, 1000)).id!);
    assert.equal(inv.amount_due, 1250);
    const u = await stripe.invoices.markUncollectible(inv.id!);
    assert.equal(u.status, 'uncollectible');
    assert.ok(u.status_transitions.marked_uncollectible_at);
    assert.equal(u.amount_remaining, 1250);
    assert.equal(u.auto_advance, false);
    await rejects(stripe.invoices.markUncollectible(inv.id!), { status: 400 });
    const v = await stripe.invoices.voidInvoice(inv.id!);
    assert.equal(v.status, 'void');
    assert.equal(v.status_transitions.marked_uncollectible_at, u.status_transitions.marked_uncollectible_at);
    assert.equal(await balanceOf(c.id), 250, 'the debt moved onto the invoice goes back to the customer');
  });

  test('every illegal move from draft and paid is refused and changes nothing', async () => {
    const c = await stripe.customers.create({});
    const d = await draft(c.id);
    const beforeDraft = plain(d);
    await rejects(stripe.invoices.voidInvoice(d.id!), { status: 400, message: /draft/ });
    await rejects(stripe.invoices.markUncollectible(d.id!), { status: 400, message: /draft/ });
    assert.deepEqual(plain(await stripe.invoices.retrieve(d.id!)), beforeDraft);

    const paid = await stripe.invoices.pay((await draft(c.id)).id!, { paid_out_of_band: true });
    for (const move of [
      () => stripe.invoices.voidInvoice(paid.id!),
      () => stripe.invoices.markUncollectible(paid.id!),
      () => stripe.invoices.finalizeInvoice(paid.id!),
      () => stripe.invoices.pay(paid.id!, { paid_out_of_band: true }),
      () => stripe.invoices.del(paid.id!),
      () => stripe.invoices.update(paid.id!, { collection_method: 'send_invoice' }),
    ])
      await rejects(move(), { status: 400 });
    assert.deepEqual(plain(await stripe.invoices.retrieve(paid.id!)), plain(paid));
    for (const move of [stripe.invoices.voidInvoice, stripe.invoices.markUncollectible, stripe.invoices.pay, stripe.invoices.sendInvoice, stripe.invoices.finalizeInvoice])
      await rejects(move.call(stripe.invoices, 'in_nope'), { status: 404, param: 'id', code: 'resource_missing' });
  });
});

describe('invoices: revisions (from_invoice)', () => {
  test('a revision copies the lines; finalizing it voids the original and links it', async () => {
    const c = await stripe.customers.create({ balance: -100 });
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 10, inclusive: false });
    const original = await stripe.invoices.finalizeInvoice((await draft(c.id, 1000, { default_tax_rates: [rate.id], description: 'v1' })).id!);
    assert.deepEqual([original.total, original.amount_due], [1100, 1000]);
    const rev = await stripe.invoices.create({ from_invoice: { action: 'revision', invoice: original.id! } });
    assert.equal(rev.status, 'draft');
    assert.deepEqual(rev.from_invoice, { action: 'revision', invoice: original.id });
    assert.equal(rev.customer, c.id);
    assert.equal(rev.description, 'v1');
    assert.deepEqual(rev.lines.data.map((l) => l.amount), [1000]);
    assert.ok(lineItemOf(rev.lines.data[0]));
    assert.ok(lineItemOf(original.lines.data[0]));
    assert.notEqual(lineItemOf(rev.lines.data[0]), lineItemOf(original.lines.data[0]));
    assert.equal(rev.total, 1100);
    assert.equal((await stripe.invoices.retrieve(original.id!)).latest_revision, null, 'only non-draft revisions count');
    await stripe.invoiceItems.create({ customer: c.id, invoice: rev.id, amount: 500, currency: 'usd' });
    const fin = await stripe.invoices.finalizeInvoice(rev.id!);
    assert.equal(fin.total, 1650);
    assert.equal(fin.amount_due, 1550, 'the credit given back by the void applies to the revision');
    const after = await stripe.invoices.retrieve(original.id!);
    assert.equal(after.status, 'void');
    assert.equal(after.latest_revision, rev.id);
    assert.equal(((await stripe.customers.retrieve(c.id)) as Stripe.Customer).balance, 0);
  });

  test('only open or uncollectible invoices can be revised', async () => {
    const c = await stripe.customers.create({});
    const d = await draft(c.id);
    await rejects(stripe.invoices.create({ from_invoice: { action: 'revision', invoice: d.id! } }), { status: 400, param: 'from_invoice[invoice]' });
    const paid = await stripe.invoices.pay(d.id!, { paid_out_of_band: true });
    await rejects(stripe.invoices.create({ from_invoice: { action: 'revision', invoice: paid.id! } }), { status: 400, param: 'from_invoice[invoice]' });
    await rejects(stripe.invoices.create({ from_invoice: { action: 'revision', invoice: 'in_nope' } }), { status: 400, param: 'from_invoice[invoice]', code: 'resource_missing' });
    await rejects(stripe.invoices.create({ from_invoice: { action: 'copy' as any, invoice: paid.id! } }), { status: 400, param: 'from_invoice[action]' });
  });
});

describe('invoices: a customer billed end to end', () => {
  test('items, tax, coupon, invoice, finalize, pay', async () => {
    const c = await stripe.customers.create({ name: 'End To End', invoice_prefix: 'E2E' });
    const rate = await stripe.taxRates.create({ display_name: 'Sales tax', percentage: 8.25, inclusive: false });
    const coupon = await stripe.coupons.create({ percent_off: 15, duration: 'once' });
    const product = await stripe.products.create({ name: 'Consulting hour' });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 12500, currency: 'usd' });
    await stripe.invoiceItems.create({ customer: c.id, ...byPrice(price.id), quantity: 4, tax_rates: [rate.id] } as Stripe.InvoiceItemCreateParams);
    await stripe.invoiceItems.create({ customer: c.id, amount: 2999, currency: 'usd', description: 'Travel', tax_rates: [rate.id] });
    const inv = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', discounts: [{ coupon: coupon.id }] });
    // 50000 + 2999 = 52999; 15% off per line: 7500 + 450 = 7950; taxed bases 42500 and 2549;
    // tax 8.25%: 3506.25 -> 3506, 210.29 -> 210.
    assert.equal(inv.subtotal, 52999);
    assert.deepEqual(inv.total_discount_amounts!.map((d) => d.amount), [7950]);
    assert.equal(inv.total_excluding_tax, 45049);
    assert.deepEqual(invoiceTaxesOf(inv).map((t) => [t.amount, t.tax_rate, t.taxable_amount, t.inclusive]), [[3716, rate.id, 45049, false]]);
    if (!BASIL) assert.equal((inv as any).tax, 3716, 'before basil `tax` is the sum of the taxes');
    assert.deepEqual(inv.lines.data.map((l) => [l.amount, priceOf(l)]).filter(([, p]) => p !== null), [[50000, price.id]]);
    assert.equal(inv.total, 48765);
    const open = await stripe.invoices.finalizeInvoice(inv.id!);
    assert.equal(open.number, 'E2E-0001');
    assert.equal(open.amount_due, 48765);
    const paid = await stripe.invoices.pay(open.id!, { paid_out_of_band: true });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount_paid, 48765);
    assert.equal(paid.amount_remaining, 0);
    assert.equal((await stripe.invoices.list({ customer: c.id, status: 'paid' })).data[0].id, inv.id);
  });
});
