// The seed pages' example objects, field for field: our equivalent objects
// rendered at the version each page documents have exactly the page's fields.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { byPrice } from '../helpers/versioned.ts';
import { startServer, type TestServer } from '../helpers/server.ts';
import { repoFile } from '../helpers/repo.ts';

const { shapes } = JSON.parse(readFileSync(repoFile('test/fixtures/seed-shapes.json'), 'utf8')) as {
  shapes: { seed: string; object: string; version: string; fields: string[]; nested?: Record<string, string[]>; schema_adds?: string[]; later_adds?: string[] }[];
};

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

test('seed example objects and ours have the same fields at the documented versions', async () => {
  const stripe = server.stripe();
  const c = await stripe.customers.create({ name: 'Seeds' });
  const product = await stripe.products.create({ name: 'T-shirt' });
  const price = await stripe.prices.create({ product: product.id, unit_amount: 1099, currency: 'usd' });
  const ii = await stripe.invoiceItems.create({ customer: c.id, ...byPrice(price.id), description: 'T-shirt' });
  const inv = await stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
  const lineId = inv.lines.data[0].id;
  const paths: Record<string, string> = {
    invoiceitem: `/v1/invoiceitems/${ii.id}`,
    invoice: `/v1/invoices/${inv.id}`,
    line_item: `/v1/invoices/${inv.id}/lines`,
  };
  assert.equal(shapes.length, 4);
  for (const shape of shapes) {
    const res = await server.http('GET', paths[shape.object], { headers: { 'stripe-version': shape.version } });
    assert.equal(res.status, 200, res.text);
    const obj = shape.object === 'line_item' ? res.json.data.find((l: any) => l.id === lineId) : res.json;
    // schema_adds: fields an example object leaves out that Stripe's schema of that version has (each explained in the fixture);
    // later_adds: fields Stripe added later without a breaking change, returned to that version too (later_adds_note).
    const expected = [...shape.fields, ...(shape.schema_adds ?? []), ...(shape.later_adds ?? [])];
    assert.deepEqual(Object.keys(obj).sort(), expected.sort(), `seed ${shape.seed} at ${shape.version}`);
    for (const [field, keys] of Object.entries(shape.nested ?? {}))
      assert.deepEqual(Object.keys(obj[field]).sort(), [...keys].sort(), `seed ${shape.seed}: ${field}`);
  }
});
