// Invoice totals through the official SDK, against amounts computed by hand in
// the comments. Rounding is half away from zero, per line and per tax rate
// (src/billing/rounding.ts); an invoice amount_off is split pro rata by largest
// remainder (src/billing/allocate.ts). Every invoice is also checked for
// internal consistency: lines, discounts and taxes add up to its totals.
// The suite also runs pinned at 2023-08-16: taxes are read through test/helpers/versioned.ts
// (`taxes`/`total_taxes` since basil, `tax_amounts`/`total_tax_amounts` and `tax` before).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { allLines, lineDiscount, rejects } from '../helpers/invoices.ts';
import { BASIL, before as versionBefore, invoiceTaxesOf, invoiceTaxTuples, lineItemOf, lineTaxesOf, lineTaxTuples } from '../helpers/versioned.ts';

/** The invoice item a line was made from (the line must come from one). */
const itemOf = (l: Stripe.InvoiceLineItem): string => {
  const id = lineItemOf(l);
  assert.ok(id, `line ${l.id} has no invoice item`);
  return id;
};

let server: TestServer;
let stripe: Stripe;
before(async () => {
  server = await startServer();
  stripe = server.stripe();
});
after(() => server.close());

type Item = Omit<Stripe.InvoiceItemCreateParams, 'customer' | 'invoice'>;

/** A draft for a new customer with these items attached, in this order. */
async function invoiceWith(items: Item[], params: Partial<Stripe.InvoiceCreateParams> = {}, currency = 'usd'): Promise<Stripe.Invoice> {
  const c = await stripe.customers.create({});
  const inv = await stripe.invoices.create({ customer: c.id, currency, ...params });
  for (const item of items) await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, currency, ...item } as Stripe.InvoiceItemCreateParams);
  const got = await stripe.invoices.retrieve(inv.id!);
  await assertConsistent(got);
  return got;
}

/** The totals of an invoice follow from its lines, whatever the numbers. */
async function assertConsistent(inv: Stripe.Invoice): Promise<void> {
  const lines = await allLines(stripe, inv.id!);
  const invoiceLevel = new Set(inv.discounts.map(String));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const itemLevel = (l: Stripe.InvoiceLineItem) => sum((l.discount_amounts ?? []).filter((d) => !invoiceLevel.has(String(d.discount))).map((d) => d.amount));
  assert.equal(inv.subtotal, sum(lines.map((l) => l.amount - itemLevel(l))), 'subtotal = lines - item discounts');
  const perDiscount = new Map<string, number>();
  for (const l of lines) for (const d of l.discount_amounts ?? []) perDiscount.set(String(d.discount), (perDiscount.get(String(d.discount)) ?? 0) + d.amount);
  assert.deepEqual(
    new Map((inv.total_discount_amounts ?? []).map((d) => [String(d.discount), d.amount])),
    perDiscount,
    'total_discount_amounts = line discount_amounts summed per discount',
  );
  const perRate = new Map<string, [number, number]>();
  for (const l of lines)
    for (const t of lineTaxesOf(l)) {
      const [a, b] = perRate.get(t.tax_rate) ?? [0, 0];
      perRate.set(t.tax_rate, [a + t.amount, b + (t.taxable_amount ?? 0)]);
    }
  const invoiceTaxes = invoiceTaxesOf(inv);
  assert.deepEqual(new Map(invoiceTaxes.map((t) => [t.tax_rate, [t.amount, t.taxable_amount]])), perRate, 'invoice taxes = line taxes per rate');
  const allTax = sum(invoiceTaxes.map((t) => t.amount));
  const exclusiveTax = sum(invoiceTaxes.filter((t) => !t.inclusive).map((t) => t.amount));
  const invoiceDiscounts = sum((inv.total_discount_amounts ?? []).filter((d) => invoiceLevel.has(String(d.discount))).map((d) => d.amount));
  assert.equal(inv.total, inv.subtotal - invoiceDiscounts + exclusiveTax, 'total = subtotal - invoice discounts + exclusive tax');
  assert.equal(inv.total_excluding_tax, inv.total - allTax, 'total_excluding_tax = total - all tax');
  if (inv.status === 'draft') {
    assert.equal(inv.amount_due, Math.max(0, inv.total + inv.starting_balance));
    assert.equal(inv.amount_remaining, inv.amount_due);
  }
  // Added in 2025-12-15.clover without a breaking change: shown at every version.
  for (const l of lines) assert.equal((l as any).subtotal, l.amount);
  if (!BASIL) {
    // Before basil the invoice also shows `tax`, the sum of its taxes (null without any), and each
    // line its amount without tax: without discounts, the amount less the inclusive tax it contains;
    // with only exclusive taxes (or none), the amount itself.
    const old = inv as any;
    assert.equal(old.tax, invoiceTaxes.length === 0 ? null : allTax, 'tax = sum of total_tax_amounts');
    for (const l of lines as any[]) {
      const taxes = lineTaxesOf(l);
      const inclusive = sum(taxes.filter((t) => t.inclusive).map((t) => t.amount));
      if (inclusive === 0 || lineDiscount(l) === 0) assert.equal(l.amount_excluding_tax, l.amount - inclusive, 'line amount_excluding_tax');
    }
  }
}

const rate = (percentage: number, inclusive: boolean, display_name = `R${percentage}${inclusive ? 'i' : 'e'}`) =>
  stripe.taxRates.create({ display_name, percentage, inclusive });
const percentCoupon = (percent_off: number) => stripe.coupons.create({ percent_off, duration: 'once' });
const amountCoupon = (amount_off: number, currency = 'usd') => stripe.coupons.create({ amount_off, currency, duration: 'once' });

describe('invoice totals', () => {
  test('exclusive tax: added on top, rounded half up per line', async () => {
    const vat = await rate(19, false);
    // 1000 x 19% = 190; 1005 x 19% = 190.95 -> 191; 1 x 19% = 0.19 -> 0.
    const inv = await invoiceWith([
      { amount: 1000, tax_rates: [vat.id] },
      { amount: 1005, tax_rates: [vat.id] },
      { amount: 1, tax_rates: [vat.id] },
    ]);
    assert.deepEqual(inv.lines.data.map(lineTaxTuples), [
      [[190, vat.id, 1000, 'exclusive']],
      [[191, vat.id, 1005, 'exclusive']],
      [[0, vat.id, 1, 'exclusive']],
    ]);
    assert.deepEqual(invoiceTaxTuples(inv), [[381, vat.id, 2006, 'exclusive']]);
    assert.equal(inv.subtotal, 2006);
    assert.equal(inv.subtotal_excluding_tax, 2006);
    assert.equal(inv.total_excluding_tax, 2006);
    assert.equal(inv.total, 2387);
    assert.equal(inv.amount_due, 2387);
    if (BASIL) {
      const t = inv.lines.data[0].taxes![0];
      assert.deepEqual(t, { amount: 190, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: vat.id }, taxability_reason: 'standard_rated', taxable_amount: 1000, type: 'tax_rate_details' });
      assert.deepEqual(inv.total_taxes![0], { amount: 381, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: vat.id }, taxability_reason: 'standard_rated', taxable_amount: 2006, type: 'tax_rate_details' });
    } else {
      const old = inv as any;
      assert.deepEqual(old.lines.data[0].tax_amounts[0], { amount: 190, inclusive: false, tax_rate: vat.id, taxability_reason: 'standard_rated', taxable_amount: 1000 });
      assert.deepEqual(old.total_tax_amounts, [{ amount: 381, inclusive: false, tax_rate: vat.id, taxability_reason: 'standard_rated', taxable_amount: 2006 }]);
      assert.equal(old.tax, 381);
      // The line shows the tax rates it was given, and its amount without (exclusive) tax.
      assert.deepEqual(old.lines.data.map((l: any) => [l.tax_rates.map((r: any) => r.id), l.amount_excluding_tax, l.unit_amount_excluding_tax]), [
        [[vat.id], 1000, '1000'],
        [[vat.id], 1005, '1005'],
        [[vat.id], 1, '1'],
      ]);
    }
  });

  test('inclusive tax with a percent coupon', async () => {
    const gst = await rate(7, true);
    const coupon = await percentCoupon(15);
    // Line 999, 15% off: 149.85 -> 150, leaves 849.
    // Tax inside 849 at 7%: net = 849 / 1.07 = 793.46 -> 793, tax 56.
    // subtotal 999 (invoice discounts not in it); inclusive tax inside 999: 999 / 1.07 = 933.64 -> 934,
    // so subtotal_excluding_tax 934. total = 999 - 150 = 849; total_excluding_tax = 849 - 56 = 793.
    const inv = await invoiceWith([{ amount: 999, tax_rates: [gst.id] }], { discounts: [{ coupon: coupon.id }] });
    const line = inv.lines.data[0];
    assert.deepEqual(line.discount_amounts, [{ amount: 150, discount: inv.discounts[0] }]);
    assert.deepEqual(lineTaxTuples(line), [[56, gst.id, 793, 'inclusive']]);
    assert.deepEqual(invoiceTaxTuples(inv), [[56, gst.id, 793, 'inclusive']]);
    assert.deepEqual(
      [inv.subtotal, inv.subtotal_excluding_tax, inv.total, inv.total_excluding_tax, inv.amount_due],
      [999, 934, 849, 793, 849],
    );
    // Pretax credit amounts show at every version (Stripe added them without a breaking change).
    assert.deepEqual(line.pretax_credit_amounts, [{ amount: 150, discount: inv.discounts[0], type: 'discount' }]);
    assert.deepEqual(inv.total_pretax_credit_amounts, [{ amount: 150, discount: inv.discounts[0], type: 'discount' }]);
    if (!BASIL) {
      // Before basil the inclusive tax also shows in `tax`, flagged inclusive.
      assert.equal((inv as any).tax, 56);
      assert.deepEqual((line as any).tax_amounts, [{ amount: 56, inclusive: true, tax_rate: gst.id, taxability_reason: 'standard_rated', taxable_amount: 793 }]);
      // The line's amount "excluding all tax and discounts": 999 less the 7% inside the undiscounted
      // 999 = 934, as subtotal_excluding_tax (src/billing/totals.ts), not 999 - 56 (tax on the discounted 849).
      assert.deepEqual([(line as any).amount_excluding_tax, (line as any).unit_amount_excluding_tax], [934, '934']);
    }
  });

  test('two tax rates on a line: both exclusive, and both inclusive', async () => {
    const gst = await rate(5, false, 'GST');
    const qst = await rate(9.975, false, 'QST');
    // 1000 x 5% = 50; 1000 x 9.975% = 99.75 -> 100; total 1150.
    const ex = await invoiceWith([{ amount: 1000, tax_rates: [gst.id, qst.id] }]);
    assert.deepEqual(lineTaxTuples(ex.lines.data[0]), [[50, gst.id, 1000, 'exclusive'], [100, qst.id, 1000, 'exclusive']]);
    assert.equal(ex.total, 1150);
    assert.equal(ex.total_excluding_tax, 1000);

    const a = await rate(5, true, 'A');
    const b = await rate(10, true, 'B');
    // 1150 contains 15%: net = 1150 / 1.15 = 1000, tax 150, split 5:10 -> 50 and 100.
    const inc = await invoiceWith([{ amount: 1150, tax_rates: [a.id, b.id] }]);
    assert.deepEqual(lineTaxTuples(inc.lines.data[0]), [[50, a.id, 1000, 'inclusive'], [100, b.id, 1000, 'inclusive']]);
    assert.deepEqual([inc.subtotal, inc.subtotal_excluding_tax, inc.total, inc.total_excluding_tax], [1150, 1000, 1150, 1000]);
  });

  test('default_tax_rates apply to lines without their own tax_rates', async () => {
    const dflt = await rate(10, false, 'Default');
    const own = await rate(20, false, 'Own');
    // Line A 1000 takes the default: 100. Line B 2000 has its own rate: 400, no default.
    const inv = await invoiceWith([{ amount: 1000 }, { amount: 2000, tax_rates: [own.id] }], { default_tax_rates: [dflt.id] });
    assert.deepEqual(inv.lines.data.map(lineTaxTuples), [[[100, dflt.id, 1000, 'exclusive']], [[400, own.id, 2000, 'exclusive']]]);
    assert.deepEqual(invoiceTaxTuples(inv), [[100, dflt.id, 1000, 'exclusive'], [400, own.id, 2000, 'exclusive']]);
    assert.equal(inv.total, 3500);
    // Removing the default leaves line A untaxed; removing B's own rate lets nothing in either.
    const noDefault = await stripe.invoices.update(inv.id!, { default_tax_rates: '' as any });
    assert.equal(noDefault.total, 3400);
    await assertConsistent(noDefault);
    const withDefault = await stripe.invoices.update(inv.id!, { default_tax_rates: [dflt.id] });
    await stripe.invoiceItems.update(itemOf(withDefault.lines.data[1]), { tax_rates: '' as any });
    const after = await stripe.invoices.retrieve(inv.id!);
    assert.deepEqual(after.lines.data.map(lineTaxTuples), [[[100, dflt.id, 1000, 'exclusive']], [[200, dflt.id, 2000, 'exclusive']]]);
    assert.equal(after.total, 3300);
    await assertConsistent(after);
  });

  test('an invoice amount_off is split over 3 lines pro rata, to the cent', async () => {
    const coupon = await amountCoupon(100);
    const vat = await rate(10, false);
    // Lines 101, 203, 307 (sum 611). Shares of 100: 16.530, 33.224, 50.245 -> floors 16, 33, 50 (99);
    // the 1 left goes to the largest remainder (.530): 17, 33, 50.
    // Taxed bases 84, 170, 257 -> tax 8.4 -> 8, 17, 25.7 -> 26 = 51. total = 611 - 100 + 51 = 562.
    const inv = await invoiceWith([{ amount: 101 }, { amount: 203 }, { amount: 307 }], { discounts: [{ coupon: coupon.id }], default_tax_rates: [vat.id] });
    assert.deepEqual(inv.lines.data.map(lineDiscount), [17, 33, 50]);
    assert.deepEqual(inv.lines.data.map((l) => lineTaxesOf(l)[0].amount), [8, 17, 26]);
    assert.deepEqual(inv.lines.data.map((l) => lineTaxesOf(l)[0].taxable_amount), [84, 170, 257]);
    assert.deepEqual(inv.total_discount_amounts, [{ amount: 100, discount: inv.discounts[0] }]);
    assert.deepEqual([inv.subtotal, inv.total_excluding_tax, inv.total], [611, 511, 562]);
    // An amount_off larger than the invoice takes it to zero, never below.
    const big = await amountCoupon(5000);
    const capped = await invoiceWith([{ amount: 101 }, { amount: 203 }, { amount: 307 }], { discounts: [{ coupon: big.id }] });
    assert.deepEqual(capped.lines.data.map(lineDiscount), [101, 203, 307]);
    assert.deepEqual([capped.total, capped.amount_due], [0, 0]);
    // An amount_off in another currency does not apply.
    const eur = await amountCoupon(100, 'eur');
    const other = await invoiceWith([{ amount: 500 }], { discounts: [{ coupon: eur.id }] });
    assert.equal(other.total, 500);
  });

  test('item discount first, then the invoice discount on what is left', async () => {
    const itemCoupon = await amountCoupon(200);
    const invCoupon = await percentCoupon(10);
    // 1000 - 200 (item) = 800 = subtotal; 10% of 800 = 80 (invoice); total 720.
    const inv = await invoiceWith([{ amount: 1000, discounts: [{ coupon: itemCoupon.id }] }], { discounts: [{ coupon: invCoupon.id }] });
    const line = inv.lines.data[0];
    const itemDiscount = String(line.discounts[0]);
    assert.deepEqual(line.discount_amounts, [{ amount: 200, discount: itemDiscount }, { amount: 80, discount: inv.discounts[0] }]);
    assert.deepEqual(inv.total_discount_amounts, [{ amount: 200, discount: itemDiscount }, { amount: 80, discount: inv.discounts[0] }]);
    assert.deepEqual([inv.subtotal, inv.subtotal_excluding_tax, inv.total, inv.total_excluding_tax], [800, 800, 720, 720]);
    const item = await stripe.invoiceItems.retrieve(itemOf(line));
    assert.deepEqual([item.amount, item.discounts], [1000, [itemDiscount]]);
    // net_amount (after the item's own discounts), added in 2025-09-30.clover without a breaking change.
    assert.equal((item as any).net_amount, 800);
  });

  test('negative items are not discounted by default; discountable=true opts in', async () => {
    const half = await percentCoupon(50);
    // 1000 and -300: the coupon takes 50% of 1000 only = 500; subtotal 700, total 200.
    const inv = await invoiceWith([{ amount: 1000 }, { amount: -300 }], { discounts: [{ coupon: half.id }] });
    assert.deepEqual(inv.lines.data.map((l) => l.discountable), [true, false]);
    assert.deepEqual(inv.lines.data.map(lineDiscount), [500, 0]);
    assert.deepEqual([inv.subtotal, inv.total, inv.amount_due], [700, 200, 200]);
    // Opted in, 50% applies to the credit too: -150, so 50% of the net 700 = 350 off, total 350.
    const opted = await invoiceWith([{ amount: 1000 }, { amount: -300, discountable: true }], { discounts: [{ coupon: half.id }] });
    assert.deepEqual(opted.lines.data.map(lineDiscount), [500, -150]);
    assert.deepEqual([opted.subtotal, opted.total], [700, 350]);
    // A credit larger than the charges: total below zero, nothing due, the rest credits the customer at finalization.
    const credit = await invoiceWith([{ amount: 400 }, { amount: -1000 }]);
    assert.deepEqual([credit.total, credit.amount_due], [-600, 0]);
  });

  test('zero-decimal jpy: whole yen, rounding on yen', async () => {
    const coupon = await percentCoupon(33);
    const tax = await rate(10, false, 'JCT');
    // ¥999, 33% off = 329.67 -> 330, leaves 669; 10% tax = 66.9 -> 67; total 736.
    const inv = await invoiceWith([{ amount: 999 }], { discounts: [{ coupon: coupon.id }], default_tax_rates: [tax.id] }, 'jpy');
    assert.equal(inv.currency, 'jpy');
    assert.deepEqual([lineDiscount(inv.lines.data[0]), lineTaxesOf(inv.lines.data[0])[0].amount], [330, 67]);
    assert.deepEqual([inv.subtotal, inv.total_excluding_tax, inv.total], [999, 669, 736]);
    // ¥100.5 x 3 = 301.5 -> 302 (the item rounds once).
    const dec = await invoiceWith([{ unit_amount_decimal: '100.5' as any, quantity: 3 }], {}, 'jpy');
    assert.equal(dec.total, 302);
    const open = await stripe.invoices.finalizeInvoice(inv.id!);
    assert.equal(open.amount_due, 736);
    // An amount_off coupon in jpy is whole yen.
    const yen = await amountCoupon(500, 'jpy');
    const withYen = await invoiceWith([{ amount: 999 }], { discounts: [{ coupon: yen.id }] }, 'jpy');
    assert.equal(withYen.total, 499);
  });

  test('editing or removing an item changes the invoice totals', async () => {
    const vat = await rate(10, false);
    const inv = await invoiceWith([{ amount: 1000 }, { amount: 500 }], { default_tax_rates: [vat.id] });
    assert.equal(inv.total, 1650);
    const [a, b] = inv.lines.data.map(itemOf);
    await stripe.invoiceItems.update(a, { amount: 2000 });
    let got = await stripe.invoices.retrieve(inv.id!);
    assert.deepEqual([got.subtotal, got.total], [2500, 2750]);
    assert.equal(got.lines.data[0].amount, 2000);
    await stripe.invoiceItems.del(b);
    got = await stripe.invoices.retrieve(inv.id!);
    assert.deepEqual([got.subtotal, got.total, got.lines.data.length], [2000, 2200, 1]);
    await assertConsistent(got);
  });

  test('a 250-line invoice adds up; the 251st item is refused', async () => {
    const c = await stripe.customers.create({});
    const vat = await rate(10, false);
    const inv = await stripe.invoices.create({ customer: c.id, default_tax_rates: [vat.id] });
    // Line i (1..250) = 10i + 1; its 10% tax = i + 0.1 -> i. Sum of lines 10 x 31375 + 250 = 314000,
    // tax 31375, total 345375.
    const amounts = Array.from({ length: 250 }, (_, k) => 10 * (k + 1) + 1);
    for (let k = 0; k < 250; k += 50)
      await stripe.invoices.addLines(inv.id!, { lines: amounts.slice(k, k + 50).map((amount) => ({ price_data: { currency: 'usd', product_data: { name: `L${amount}` }, unit_amount: amount } })) as any });
    const got = await stripe.invoices.retrieve(inv.id!);
    assert.deepEqual([got.subtotal, got.total_excluding_tax, got.total, got.amount_due], [314000, 314000, 345375, 345375]);
    assert.deepEqual(invoiceTaxTuples(got), [[31375, vat.id, 314000, 'exclusive']]);
    const lines = await allLines(stripe, inv.id!);
    assert.equal(lines.length, 250);
    assert.deepEqual(lines.map((l) => l.amount), amounts);
    assert.deepEqual(lines.map((l) => lineTaxesOf(l)[0].amount), amounts.map((_, k) => k + 1));
    await assertConsistent(got);
    await rejects(stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 1, currency: 'usd' }), { status: 400, param: 'invoice' });
    await rejects(stripe.invoices.addLines(inv.id!, { lines: [{ amount: 1 } as any] }), { status: 400 });
    const pending = await stripe.invoiceItems.create({ customer: c.id, amount: 1, currency: 'usd' });
    await rejects(stripe.invoices.addLines(inv.id!, { lines: [{ invoice_item: pending.id }] }), { status: 400, param: 'lines[0][invoice_item]' });
    assert.equal((await stripe.invoiceItems.retrieve(pending.id)).invoice, null);
    const after = await stripe.invoices.retrieve(inv.id!);
    assert.equal(after.total, 345375);
    const open = await stripe.invoices.finalizeInvoice(inv.id!);
    assert.equal(open.amount_due, 345375);
  });
});
