// Credit notes through the official SDK: on open invoices (they lower what is due) and on paid
// ones (a refund of the card payment, a customer balance credit, or credit outside Stripe), by
// amount, by invoice line (amount or quantity) and by custom line; taxes and discounts prorated;
// preview equals create; voiding gives the invoice back what the note took; Stripe's errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { plain, rejects } from '../helpers/invoices.ts';
import { BASIL, lineTaxesOf } from '../helpers/versioned.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

type Json = Record<string, any>;

/** A note's taxes in both eras (`total_taxes` since basil, `tax_amounts` before). */
const noteTaxes = (n: Json) => lineTaxesOf(BASIL ? { taxes: n.total_taxes } : { tax_amounts: n.tax_amounts });
/** The refund ids of a note in both eras (`refunds[]` since basil, `refund` before). */
const noteRefunds = (n: Json): string[] => (BASIL ? n.refunds.map((r: Json) => r.refund) : n.refund ? [n.refund] : []);

interface Setup {
  stripe: Stripe;
  customer: Stripe.Customer;
  invoice: Stripe.Invoice;
  rate: Stripe.TaxRate;
}

/** An open invoice: 3 × 10.00 taxed 10% exclusive, plus 5.00 untaxed; optionally a 10% coupon. */
async function openInvoice(opts: { coupon?: boolean; collection?: 'send_invoice' | 'charge_automatically' } = {}): Promise<Setup> {
  const { stripe } = server.fresh();
  const customer = await stripe.customers.create({ name: 'Credit', email: 'c@example.com' });
  const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 10, inclusive: false });
  await stripe.invoiceItems.create({ customer: customer.id, unit_amount_decimal: '1000', quantity: 3, currency: 'usd', tax_rates: [rate.id], description: 'Seats' } as any);
  await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd', description: 'Setup' });
  const coupon = opts.coupon ? await stripe.coupons.create({ percent_off: 10 }) : undefined;
  const collection = opts.collection ?? 'send_invoice';
  const draft = await stripe.invoices.create({
    customer: customer.id,
    pending_invoice_items_behavior: 'include',
    collection_method: collection,
    ...(collection === 'send_invoice' ? { days_until_due: 30 } : {}),
    ...(coupon ? { discounts: [{ coupon: coupon.id }] } : {}),
  });
  const invoice = await stripe.invoices.finalizeInvoice(draft.id);
  return { stripe, customer, invoice, rate };
}

const seatLine = (inv: Stripe.Invoice) => inv.lines.data.find((l) => l.description === 'Seats')!;
const setupLine = (inv: Stripe.Invoice) => inv.lines.data.find((l) => l.description === 'Setup')!;

async function paidInvoice(): Promise<Setup> {
  const s = await openInvoice({ collection: 'charge_automatically' });
  const invoice = await s.stripe.invoices.pay(s.invoice.id, { payment_method: 'pm_card_visa' });
  assert.equal(invoice.status, 'paid');
  return { ...s, invoice };
}

describe('credit notes on open invoices', () => {
  test('by amount: lowers amount_due and amount_remaining; numbered from the invoice', async () => {
    const { stripe, invoice, customer } = await openInvoice();
    assert.equal(invoice.total, 3800);
    const cn = await stripe.creditNotes.create({ invoice: invoice.id, amount: 800, reason: 'order_change', memo: 'Sorry', metadata: { k: 'v' } });
    assert.match(cn.id, /^cn_/);
    assert.equal(cn.object, 'credit_note');
    assert.equal(cn.amount, 800);
    assert.equal(cn.total, 800);
    assert.equal(cn.subtotal, 800);
    assert.equal(cn.currency, 'usd');
    assert.equal(cn.customer, customer.id);
    assert.equal(cn.invoice, invoice.id);
    assert.equal(cn.number, `${invoice.number}-CN-01`);
    assert.equal(cn.status, 'issued');
    assert.equal(cn.type, 'pre_payment');
    assert.equal(cn.reason, 'order_change');
    assert.equal(cn.memo, 'Sorry');
    assert.deepEqual(cn.metadata, { k: 'v' });
    assert.equal(cn.out_of_band_amount, null);
    assert.equal(cn.customer_balance_transaction, null);
    assert.equal(cn.voided_at, null);
    assert.deepEqual(cn.lines.data, []);
    assert.equal((cn as Json).pre_payment_amount, 800);
    assert.equal((cn as Json).post_payment_amount, 0);
    const inv = await stripe.invoices.retrieve(invoice.id);
    assert.equal(inv.amount_due, 3000);
    assert.equal(inv.amount_remaining, 3000);
    assert.equal(inv.pre_payment_credit_notes_amount, 800);
    assert.equal(inv.post_payment_credit_notes_amount, 0);
    assert.equal(inv.total, 3800, 'the total stays');
    assert.equal(inv.status, 'open');
    const second = await stripe.creditNotes.create({ invoice: invoice.id, amount: 100 });
    assert.equal(second.number, `${invoice.number}-CN-02`);
    const created = (await stripe.events.list({ type: 'credit_note.created' })).data;
    assert.deepEqual(created.map((e) => (e.data.object as Stripe.CreditNote).id), [second.id, cn.id]);
  });

  test('by invoice line quantity: taxes and discounts prorated onto the note line', async () => {
    const { stripe, invoice, rate } = await openInvoice({ coupon: true });
    const seats = seatLine(invoice);
    const cn = await stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 1 }] });
    const line = cn.lines.data[0] as Json;
    assert.match(line.id, /^cnli_/);
    assert.equal(line.object, 'credit_note_line_item');
    assert.equal(line.type, 'invoice_line_item');
    assert.equal(line.invoice_line_item, seats.id);
    assert.equal(line.quantity, 1);
    assert.equal(line.amount, 1000);
    assert.equal(line.description, 'Seats');
    // 10% off 3000 is 300 on the line: 100 of it for one seat; tax 10% of 2700 = 270: 90 of it.
    assert.equal(line.discount_amount, 100);
    assert.equal(line.discount_amounts[0].amount, 100);
    assert.deepEqual(lineTaxesOf(line).map((t) => [t.amount, t.tax_rate, t.taxable_amount]), [[90, rate.id, 900]]);
    assert.deepEqual(line.tax_rates.map((r: Json) => r.id), [rate.id]);
    assert.equal(cn.subtotal, 1000);
    assert.equal(cn.discount_amount, 100);
    assert.equal(cn.total, 990);
    assert.deepEqual(noteTaxes(cn).map((t) => t.amount), [90]);
    // Crediting the other two seats leaves nothing of the line: amounts add up to the line's exactly.
    const rest = await stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 2 }] });
    assert.equal(rest.lines.data[0].amount + line.amount, 3000);
    assert.equal(noteTaxes(rest)[0].amount + 90, 270);
    await rejects(stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, quantity: 1 }] }), {
      status: 400, param: 'lines[0][quantity]', message: /exceeds the quantity/,
    });
    // Credited by quantity, the line cannot be credited by amount afterwards.
    await rejects(stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seats.id, amount: 1 }] }), {
      status: 400, param: 'lines[0][amount]',
    });
    const inv = await stripe.invoices.retrieve(invoice.id);
    assert.equal(inv.amount_due, invoice.amount_due - cn.total - rest.total);
  });

  test('by invoice line amount, and a custom line with its own tax rate', async () => {
    const { stripe, invoice, rate } = await openInvoice();
    const cn = await stripe.creditNotes.create({
      invoice: invoice.id,
      lines: [
        { type: 'invoice_line_item', invoice_line_item: seatLine(invoice).id, amount: 1500 },
        { type: 'custom_line_item', description: 'Goodwill', unit_amount: 200, quantity: 2, tax_rates: [rate.id] },
      ],
    });
    const [byAmount, custom] = cn.lines.data as Json[];
    assert.equal(byAmount.amount, 1500);
    assert.equal(byAmount.quantity, null);
    assert.deepEqual(lineTaxesOf(byAmount).map((t) => t.amount), [150]);
    assert.equal(custom.type, 'custom_line_item');
    assert.equal(custom.description, 'Goodwill');
    assert.equal(custom.unit_amount, 200);
    assert.equal(custom.quantity, 2);
    assert.equal(custom.amount, 400);
    assert.equal('invoice_line_item' in custom && custom.invoice_line_item !== undefined, false);
    assert.deepEqual(lineTaxesOf(custom).map((t) => t.amount), [40]);
    assert.equal(cn.total, 1500 + 150 + 400 + 40);
    assert.deepEqual(noteTaxes(cn).map((t) => [t.amount, t.taxable_amount]), [[190, 1900]]);
    const inv = await stripe.invoices.retrieve(invoice.id);
    assert.equal(inv.amount_remaining, 3800 - 2090);
    // `amount` beside `lines` must equal their total.
    await rejects(stripe.creditNotes.create({ invoice: invoice.id, amount: 5, lines: [{ type: 'invoice_line_item', invoice_line_item: setupLine(invoice).id, amount: 100 }] }), { param: 'amount' });
  });

  test('preview equals create; preview lines page like the note lines', async () => {
    const { stripe, invoice, rate } = await openInvoice({ coupon: true });
    const params: Stripe.CreditNoteCreateParams = {
      invoice: invoice.id,
      memo: 'M',
      lines: [
        { type: 'invoice_line_item', invoice_line_item: seatLine(invoice).id, quantity: 2 },
        { type: 'invoice_line_item', invoice_line_item: setupLine(invoice).id, amount: 250 },
        { type: 'custom_line_item', description: 'X', unit_amount: 10, tax_rates: [rate.id] },
      ],
    };
    const preview = await stripe.creditNotes.preview(params);
    const untouched = await stripe.invoices.retrieve(invoice.id);
    assert.equal(untouched.amount_due, invoice.amount_due, 'a preview changes nothing');
    assert.equal((await stripe.creditNotes.list({ invoice: invoice.id })).data.length, 0);
    const pages: Json[] = [];
    for await (const l of stripe.creditNotes.listPreviewLineItems({ ...params, limit: 2 } as any)) pages.push(l);
    assert.equal(pages.length, 3);
    const cn = await stripe.creditNotes.create(params);
    const strip = (n: Json) => {
      const { id: _id, created: _c, effective_at: _e, lines, pdf: _p, ...rest } = plain(n);
      return { ...rest, lines: lines.data.map(({ id: _i, ...l }: Json) => l) };
    };
    assert.deepEqual(strip(preview), strip(cn));
    const all: Json[] = [];
    for await (const l of stripe.creditNotes.listLineItems(cn.id, { limit: 2 })) all.push(l);
    assert.deepEqual(all.map(({ id: _i, ...l }) => l), pages.map(({ id: _i, ...l }) => l));
  });

  test('a card payment after a credit note charges what is left', async () => {
    const { stripe, invoice } = await openInvoice({ collection: 'charge_automatically' });
    await stripe.creditNotes.create({ invoice: invoice.id, amount: 800 });
    const paid = await stripe.invoices.pay(invoice.id, { payment_method: 'pm_card_visa' });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.amount_paid, 3000);
    const charge = (await stripe.charges.list({ limit: 1 })).data[0];
    assert.equal(charge.amount, 3000);
  });

  test('crediting everything left to pay marks the invoice paid; a paid invoice\'s note cannot be voided', async () => {
    const { stripe, invoice } = await openInvoice();
    const cn = await stripe.creditNotes.create({ invoice: invoice.id, amount: invoice.amount_remaining });
    const inv = await stripe.invoices.retrieve(invoice.id);
    assert.equal(inv.status, 'paid');
    assert.equal(inv.amount_due, 0);
    assert.equal(inv.amount_remaining, 0);
    await rejects(stripe.creditNotes.voidCreditNote(cn.id), { status: 400, message: 'You can only void a credit note if the associated invoice is open.' });
  });

  test('voiding gives the invoice back what the note took', async () => {
    const { stripe, invoice } = await openInvoice();
    const cn = await stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seatLine(invoice).id, quantity: 3 }] });
    const voided = await stripe.creditNotes.voidCreditNote(cn.id);
    assert.equal(voided.status, 'void');
    assert.equal(typeof voided.voided_at, 'number');
    const inv = await stripe.invoices.retrieve(invoice.id);
    assert.equal(inv.amount_due, invoice.amount_due);
    assert.equal(inv.amount_remaining, invoice.amount_remaining);
    assert.equal(inv.pre_payment_credit_notes_amount, 0);
    // The line may be credited again in full.
    await stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seatLine(invoice).id, quantity: 3 }] });
    await rejects(stripe.creditNotes.voidCreditNote(cn.id), { status: 400, message: /already been voided/ });
    const events = (await stripe.events.list({ type: 'credit_note.voided' })).data;
    assert.deepEqual(events.map((e) => (e.data.object as Stripe.CreditNote).id), [cn.id]);
  });
});

describe('credit notes on paid invoices', () => {
  test('refund_amount refunds the card payment; credit_amount credits the balance; out_of_band is recorded', async () => {
    const { stripe, invoice, customer } = await paidInvoice();
    const cn = await stripe.creditNotes.create({ invoice: invoice.id, amount: 1000, refund_amount: 500, credit_amount: 300, out_of_band_amount: 200 });
    assert.equal(cn.type, 'post_payment');
    assert.equal((cn as Json).post_payment_amount, 1000);
    assert.equal((cn as Json).pre_payment_amount, 0);
    assert.equal(cn.out_of_band_amount, 200);
    const [refundId] = noteRefunds(cn);
    const refund = await stripe.refunds.retrieve(refundId);
    assert.equal(refund.amount, 500);
    const charge = await stripe.charges.retrieve(refund.charge as string);
    assert.equal(charge.amount_refunded, 500);
    const txn = await stripe.customers.retrieveBalanceTransaction(customer.id, cn.customer_balance_transaction as string);
    assert.equal(txn.type, 'credit_note');
    assert.equal(txn.amount, -300);
    assert.equal(txn.credit_note, cn.id);
    assert.equal(txn.invoice, invoice.id);
    assert.equal(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance, -300);
    const inv = await stripe.invoices.retrieve(invoice.id);
    assert.equal(inv.post_payment_credit_notes_amount, 1000);
    assert.equal(inv.amount_paid, 3800);
    assert.equal(inv.amount_due, 3800, 'a paid invoice\'s amount_due stays');
    await rejects(stripe.creditNotes.voidCreditNote(cn.id), { message: 'You can only void a credit note if the associated invoice is open.' });
    const expanded = await stripe.creditNotes.retrieve(cn.id, { expand: ['customer_balance_transaction', 'invoice'] });
    assert.equal((expanded.customer_balance_transaction as Json).id, txn.id);
    assert.equal((expanded.invoice as Json).id, invoice.id);
  });

  test('events come in the order a recorded Stripe run shows them', async () => {
    const { stripe, invoice } = await paidInvoice();
    const since = (await stripe.events.list({ limit: 1 })).data[0].id;
    await stripe.creditNotes.create({ invoice: invoice.id, amount: 600, refund_amount: 200, credit_amount: 300, out_of_band_amount: 100 });
    const types = (await stripe.events.list({ ending_before: since, limit: 100 })).data.map((e) => e.type).reverse();
    const order = ['charge.refunded', 'invoice.updated', 'customer.updated', 'credit_note.created'];
    assert.deepEqual(types.filter((t) => order.includes(t)), order);
  });

  test('the split must add up; never more than the invoice allows, refunds outside notes included', async () => {
    const { stripe, invoice } = await paidInvoice();
    await rejects(stripe.creditNotes.create({ invoice: invoice.id, amount: 1000 }), {
      status: 400, message: 'The sum of credit amount, refund amount and out of band amount ($0.00) must equal the credit note amount ($10.00).',
    });
    await rejects(stripe.creditNotes.create({ invoice: invoice.id, amount: 1000, refund_amount: 600, credit_amount: 300 }), { status: 400, message: /\(\$9\.00\) must equal the credit note amount \(\$10\.00\)/ });
    await rejects(stripe.creditNotes.create({ invoice: invoice.id, amount: 3801, credit_amount: 3801 }), { status: 400, param: 'amount', message: /greater than the amount/ });
    // A refund made through the Refund API lowers what notes may credit.
    const charge = (await stripe.charges.list({ limit: 1 })).data[0];
    const outside = await stripe.refunds.create({ charge: charge.id, amount: 800 });
    await rejects(stripe.creditNotes.create({ invoice: invoice.id, amount: 3001, credit_amount: 3001 }), { status: 400, param: 'amount', message: /\(\$30\.00\)/ });
    // Linking that refund to a note (`refunds[]` since basil, `refund` before) counts it as the note's.
    const link = BASIL ? { refunds: [{ refund: outside.id }] } : { refund: outside.id };
    const linked = await stripe.creditNotes.create({ invoice: invoice.id, amount: 800, ...link } as any);
    assert.deepEqual(noteRefunds(linked), [outside.id]);
    assert.equal((await stripe.charges.retrieve(charge.id)).amount_refunded, 800, 'no second refund');
    const ok = await stripe.creditNotes.create({ invoice: invoice.id, amount: 3000, credit_amount: 3000 });
    assert.equal(ok.amount, 3000);
  });
});

describe('credit notes: retrieve, update, list, errors', () => {
  test('update memo and metadata (credit_note.updated); list by invoice, customer, created; lines', async () => {
    const a = await openInvoice();
    const { stripe } = a;
    const n1 = await stripe.creditNotes.create({ invoice: a.invoice.id, amount: 100 });
    const n2 = await stripe.creditNotes.create({ invoice: a.invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: setupLine(a.invoice).id, amount: 100 }] });
    const upd = await stripe.creditNotes.update(n1.id, { memo: 'New memo', metadata: { a: '1' } });
    assert.equal(upd.memo, 'New memo');
    assert.deepEqual(upd.metadata, { a: '1' });
    assert.deepEqual(plain(await stripe.creditNotes.retrieve(n1.id)), plain(upd));
    const updated = (await stripe.events.list({ type: 'credit_note.updated' })).data;
    assert.equal(updated.length, 1);
    assert.equal((updated[0].data.previous_attributes as Json).memo, null);
    assert.deepEqual((await stripe.creditNotes.list({ invoice: a.invoice.id })).data.map((n) => n.id), [n2.id, n1.id]);
    assert.deepEqual((await stripe.creditNotes.list({ customer: a.customer.id, limit: 1 })).data.map((n) => n.id), [n2.id]);
    assert.equal((await stripe.creditNotes.list({ created: { lt: n1.created } })).data.length, 0);
    assert.equal((await stripe.creditNotes.listLineItems(n2.id)).data[0].amount, 100);
    await rejects(stripe.creditNotes.update(n1.id, { amount: 5 } as any), { status: 400, param: 'amount' });
  });

  test('errors: draft or void invoice, missing params, unknown line, custom line without description', async () => {
    const { stripe } = server.fresh();
    const customer = await stripe.customers.create({});
    await stripe.invoiceItems.create({ customer: customer.id, amount: 1000, currency: 'usd' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    await rejects(stripe.creditNotes.create({ invoice: draft.id, amount: 100 }), { status: 400, param: 'invoice' });
    await rejects(stripe.creditNotes.create({ invoice: 'in_nope', amount: 100 }), { status: 400, param: 'invoice', message: "No such invoice: 'in_nope'" });
    await rejects(stripe.creditNotes.create({ amount: 100 } as any), { status: 400, param: 'invoice', message: 'Missing required param: invoice.' });
    const open = await stripe.invoices.finalizeInvoice(draft.id, { auto_advance: false });
    await rejects(stripe.creditNotes.create({ invoice: open.id }), { status: 400 });
    await rejects(stripe.creditNotes.create({ invoice: open.id, lines: [{ type: 'invoice_line_item', invoice_line_item: 'il_nope', quantity: 1 }] }), {
      status: 400, param: 'lines[0][invoice_line_item]',
    });
    await rejects(stripe.creditNotes.create({ invoice: open.id, lines: [{ type: 'custom_line_item', unit_amount: 5 }] }), { status: 400, param: 'lines[0][description]' });
    await rejects(stripe.creditNotes.create({ invoice: open.id, amount: 1001 }), { status: 400, param: 'amount' });
    await rejects(stripe.creditNotes.retrieve('cn_nope'), { status: 404, message: "No such credit_note: 'cn_nope'" });
    await stripe.invoices.voidInvoice(open.id);
    await rejects(stripe.creditNotes.create({ invoice: open.id, amount: 100 }), { status: 400, param: 'invoice' });
    // Nothing half-applied, and another account sees nothing.
    assert.equal((await stripe.creditNotes.list()).data.length, 0);
    assert.equal((await server.fresh().stripe.creditNotes.list({ invoice: open.id })).data.length, 0);
    await rejects(server.fresh().stripe.creditNotes.retrieve((await stripe.invoices.retrieve(open.id)).id.replace('in_', 'cn_')), { status: 404 });
  });
});
