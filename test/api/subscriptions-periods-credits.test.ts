// Credit prorations by billing mode, through the SDK on a test clock: classic credits the item's
// current amount, flexible "the original amount previously debited" (Stripe's billing mode
// comparison); every credit names the debit it reverses in `proration_details.credited_items`
// (on the invoice item: the debit's lines, or its invoice item while that was pending; on the
// line: the debit's invoice and lines, before and after basil's `parent`).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { advanceClock } from '../helpers/test-clocks.ts';
import { clockedWorld, HOUR, DAY, T0, FEB1 } from '../helpers/clocked-world.ts';
import { BASIL } from '../helpers/versioned.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const world = (stripe: Stripe) => clockedWorld(stripe, { name: 'Credits' });

const pendingOf = async (stripe: Stripe, customer: string) => (await stripe.invoiceItems.list({ customer, pending: true, limit: 100 })).data.reverse() as any[];
const lineCredits = (line: any) => (BASIL ? line.parent.subscription_item_details.proration_details.credited_items : line.proration_details.credited_items);
const lineItemId = (line: any) => (BASIL ? line.parent.subscription_item_details?.invoice_item : line.invoice_item);

describe('credit prorations by billing mode', () => {
  for (const mode of ['classic', 'flexible'] as const) {
    test(`${mode}: a change after an unprorated one credits ${mode === 'classic' ? 'the current quantity' : 'what was billed'}, naming the debit`, async () => {
      const { stripe } = server.fresh();
      const { clock, customer, price } = await world(stripe);
      const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_mode: { type: mode } } as any);
      const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
      const firstLine = first.lines.data[0];
      assert.equal(first.total, 3100);
      const si = sub.items.data[0].id;
      // Day 10: quantity 2 without prorations (nothing billed for it).
      await advanceClock(stripe, clock.id, T0 + 10 * DAY);
      await stripe.subscriptions.update(sub.id, { items: [{ id: si, quantity: 2 }], proration_behavior: 'none' });
      assert.equal((await pendingOf(stripe, customer.id)).length, 0);
      // Day 20: quantity 3 with prorations; 11 of 31 days are left.
      await advanceClock(stripe, clock.id, T0 + 20 * DAY);
      await stripe.subscriptions.update(sub.id, { items: [{ id: si, quantity: 3 }] });
      const [credit, debit] = await pendingOf(stripe, customer.id);
      // Classic: 6200 (quantity 2 now) × 11/31 = 2200; flexible: the 3100 billed × 11/31 = 1100.
      assert.equal(credit.amount, mode === 'classic' ? -2200 : -1100);
      // The charge: 9300 × 11/31 = 3300.
      assert.equal(debit.amount, 3300);
      assert.equal(credit.proration, true);
      assert.deepEqual(credit.proration_details.credited_items, {
        type: 'invoice_line_items',
        invoice_line_item_details: { invoice: first.id, invoice_line_items: [firstLine.id] },
      });
      assert.equal(debit.proration_details.credited_items, null);
      let expected = 9300 + (mode === 'classic' ? -2200 : -1100) + 3300;
      let second: any = null;
      if (mode === 'flexible') {
        // Day 25: back to 1. Flexible credits the pending 3300 charge for its 6 of 11 days: 1800,
        // naming that invoice item (still pending); the charge is 3100 × 6/31 = 600.
        await advanceClock(stripe, clock.id, T0 + 25 * DAY);
        await stripe.subscriptions.update(sub.id, { items: [{ id: si, quantity: 1 }] });
        const items = await pendingOf(stripe, customer.id);
        second = items[2];
        assert.deepEqual(items.map((i) => i.amount), [-1100, 3300, -1800, 600]);
        assert.deepEqual(second.proration_details.credited_items, { type: 'invoice_item', invoice_item: debit.id });
        expected = 3100 - 1100 + 3300 - 1800 + 600;
      }
      // The renewal invoices them; each credit line names the lines it reverses.
      await advanceClock(stripe, clock.id, FEB1 + 2 * HOUR);
      const renewed = await stripe.subscriptions.retrieve(sub.id);
      const cycle = await stripe.invoices.retrieve(renewed.latest_invoice as string);
      assert.equal(cycle.billing_reason, 'subscription_cycle');
      assert.equal(cycle.total, expected);
      const lines = (await stripe.invoices.listLineItems(cycle.id, { limit: 100 })).data as any[];
      const creditLine = lines.find((l) => lineItemId(l) === credit.id);
      assert.deepEqual(lineCredits(creditLine), { invoice: first.id, invoice_line_items: [firstLine.id] });
      assert.equal(lineCredits(lines.find((l) => lineItemId(l) === debit.id)), null);
      if (second) {
        const debitLine = lines.find((l) => lineItemId(l) === debit.id);
        assert.deepEqual(lineCredits(lines.find((l) => lineItemId(l) === second.id)), { invoice: cycle.id, invoice_line_items: [debitLine.id] });
      }
    });
  }

  test('flexible, always_invoice: a credit of a debit already invoiced names that invoice\'s line', async () => {
    const { stripe } = server.fresh();
    const { clock, customer, price } = await world(stripe);
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_mode: { type: 'flexible' } } as any);
    const si = sub.items.data[0].id;
    // Day 10: 1 → 2 invoiced at once: credit 3100 × 21/31 = 2100, charge 6200 × 21/31 = 4200.
    await advanceClock(stripe, clock.id, T0 + 10 * DAY);
    const up1 = await stripe.subscriptions.update(sub.id, { items: [{ id: si, quantity: 2 }], proration_behavior: 'always_invoice' });
    const u1 = await stripe.invoices.retrieve(up1.latest_invoice as string);
    assert.equal(u1.billing_reason, 'subscription_update');
    assert.deepEqual(u1.lines.data.map((l) => l.amount), [-2100, 4200]);
    const debitLine = u1.lines.data[1];
    // Day 20: 2 → 3: the credit reverses the 4200 charge for 11 of its 21 days: 2200, naming u1's line.
    await advanceClock(stripe, clock.id, T0 + 20 * DAY);
    const up2 = await stripe.subscriptions.update(sub.id, { items: [{ id: si, quantity: 3 }], proration_behavior: 'always_invoice' });
    const u2 = await stripe.invoices.retrieve(up2.latest_invoice as string);
    const [creditLine] = u2.lines.data as any[];
    assert.equal(creditLine.amount, -2200);
    assert.deepEqual(lineCredits(creditLine), { invoice: u1.id, invoice_line_items: [debitLine.id] });
    const creditItem = (await stripe.invoiceItems.retrieve(lineItemId(creditLine))) as any;
    assert.deepEqual(creditItem.proration_details.credited_items, { type: 'invoice_line_items', invoice_line_item_details: { invoice: u1.id, invoice_line_items: [debitLine.id] } });
  });
});
