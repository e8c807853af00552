// Hosted invoice pages and PDFs: hosted_invoice_url and invoice_pdf appear at finalization and
// stay the same through every later status, in retrieves, lists and events; the link is the
// only credential (no key needed, any change to it is a 404); the page and the PDF show the
// invoice's content, escaped, with unicode intact, paginated when long.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type Stripe from 'stripe';
import { startServer, type TestServer } from '../helpers/server.ts';
import { fetchPublic, pdfPages } from '../helpers/pages.ts';

let server: TestServer;
let stripe: Stripe;
before(async () => {
  server = await startServer({ display: { businessName: 'Acme Widgets', businessAddress: ['1 Main St', 'Springfield'], supportEmail: 'billing@acme.test', invoiceFooter: 'Thank you for your business.' } });
  stripe = server.stripe();
});
after(() => server.close());

async function openInvoice(opts: { currency?: string; amounts?: number[]; customer?: Stripe.CustomerCreateParams; invoice?: Partial<Stripe.InvoiceCreateParams>; descriptions?: string[] } = {}) {
  const c = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jenny@example.com', ...opts.customer });
  const inv = await stripe.invoices.create({ customer: c.id, currency: opts.currency ?? 'usd', ...opts.invoice });
  const amounts = opts.amounts ?? [123456];
  for (const [i, amount] of amounts.entries())
    await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount, currency: opts.currency ?? 'usd', description: opts.descriptions?.[i] ?? `Widget ${i + 1}` });
  const draft = await stripe.invoices.retrieve(inv.id!);
  return { customer: c, draft, open: await stripe.invoices.finalizeInvoice(inv.id!) };
}

/** The token's parts: test_ + base64url(account:invoice:secret). */
function tokenParts(url: string): { prefix: string; account: string; invoice: string; secret: string } {
  const m = /^(.*\/i\/)test_([A-Za-z0-9_-]+)(?:\/pdf)?$/.exec(url)!;
  const [account, invoice, secret] = Buffer.from(m[2], 'base64url').toString('utf8').split(':');
  return { prefix: m[1], account, invoice, secret };
}
const tokenUrl = (p: { prefix: string; account: string; invoice: string; secret: string }) =>
  `${p.prefix}test_${Buffer.from(`${p.account}:${p.invoice}:${p.secret}`).toString('base64url')}`;

describe('hosted_invoice_url and invoice_pdf', () => {
  test('null on a draft; absolute URLs on this server once finalized, the same in every later status, list and event', async () => {
    const { draft, open } = await openInvoice();
    assert.equal(draft.hosted_invoice_url, null);
    assert.equal(draft.invoice_pdf, null);
    assert.ok(open.hosted_invoice_url!.startsWith(`${server.base}/i/test_`), open.hosted_invoice_url!);
    assert.equal(open.invoice_pdf, `${open.hosted_invoice_url}/pdf`);
    const { secret, invoice } = tokenParts(open.hosted_invoice_url!);
    assert.equal(invoice, open.id);
    assert.ok(secret.length >= 32, 'a long random secret');
    assert.ok(!open.hosted_invoice_url!.includes('sk_test_'), 'never the API key');

    assert.equal((await stripe.invoices.retrieve(open.id!)).hosted_invoice_url, open.hosted_invoice_url);
    const listed = (await stripe.invoices.list({ customer: open.customer as string })).data.find((i) => i.id === open.id)!;
    assert.equal(listed.hosted_invoice_url, open.hosted_invoice_url);
    assert.equal(listed.invoice_pdf, open.invoice_pdf);
    const paid = await stripe.invoices.pay(open.id!, { paid_out_of_band: true });
    assert.equal(paid.status, 'paid');
    assert.equal(paid.hosted_invoice_url, open.hosted_invoice_url);
    assert.equal(paid.invoice_pdf, open.invoice_pdf);

    const events = await stripe.events.list({ type: 'invoice.finalized', limit: 100 });
    const finalized = events.data.find((e) => (e.data.object as Stripe.Invoice).id === open.id)!;
    assert.equal((finalized.data.object as Stripe.Invoice).hosted_invoice_url, open.hosted_invoice_url);
    const created = (await stripe.events.list({ type: 'invoice.created', limit: 100 })).data.find((e) => (e.data.object as Stripe.Invoice).id === open.id)!;
    assert.equal((created.data.object as Stripe.Invoice).hosted_invoice_url, null, 'the draft the created event shows has none');
  });

  test('void and uncollectible invoices keep their links', async () => {
    const a = await openInvoice();
    const voided = await stripe.invoices.voidInvoice(a.open.id!);
    assert.equal(voided.hosted_invoice_url, a.open.hosted_invoice_url);
    const b = await openInvoice();
    const bad = await stripe.invoices.markUncollectible(b.open.id!);
    assert.equal(bad.invoice_pdf, b.open.invoice_pdf);
    const page = await fetchPublic(voided.hosted_invoice_url!);
    assert.match(page.text, /data-field="status">Void</);
    assert.match((await fetchPublic(bad.hosted_invoice_url!)).text, /data-field="status">Uncollectible</);
  });

  test('the links name --public-url when one is set', async () => {
    const proxied = await startServer({ publicUrl: 'https://billing.example.test/kit' });
    try {
      const s = proxied.stripe();
      const c = await s.customers.create({ name: 'P' });
      const inv = await s.invoices.create({ customer: c.id });
      await s.invoiceItems.create({ customer: c.id, invoice: inv.id, amount: 500, currency: 'usd' });
      const open = await s.invoices.finalizeInvoice(inv.id!);
      assert.match(open.hosted_invoice_url!, /^https:\/\/billing\.example\.test\/kit\/i\/test_[A-Za-z0-9_-]+$/);
      // The path under it is served here as well.
      const here = open.hosted_invoice_url!.replace('https://billing.example.test/kit', proxied.base);
      assert.equal((await fetchPublic(here)).status, 200);
    } finally {
      await proxied.close();
    }
  });
});

describe('the link is the capability', () => {
  test('no API key needed; a changed secret, another invoice id, another account or garbage is a 404', async () => {
    const { open } = await openInvoice();
    const other = await openInvoice();
    const page = await fetchPublic(open.hosted_invoice_url!);
    assert.equal(page.status, 200);
    assert.match(page.type, /^text\/html/);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    const parts = tokenParts(open.hosted_invoice_url!);
    const flipped = parts.secret.slice(0, -1) + (parts.secret.endsWith('A') ? 'B' : 'A');
    const wrong = [
      tokenUrl({ ...parts, secret: flipped }),
      tokenUrl({ ...parts, invoice: other.open.id! }),
      tokenUrl({ ...parts, account: parts.account.slice(0, -1) + (parts.account.endsWith('0') ? '1' : '0') }),
      `${open.hosted_invoice_url}x`,
      `${parts.prefix}test_${parts.secret}`,
      `${parts.prefix}${open.id}`,
    ];
    for (const url of wrong) {
      assert.equal((await fetchPublic(url)).status, 404, url);
      assert.equal((await fetchPublic(`${url}/pdf`)).status, 404, `${url}/pdf`);
    }
    // The same invoice id in a second account: that account's link does not open this one.
    const otherAccount = server.stripe(server.newKey());
    const c2 = await otherAccount.customers.create({ name: 'Other' });
    const inv2 = await otherAccount.invoices.create({ customer: c2.id });
    await otherAccount.invoiceItems.create({ customer: c2.id, invoice: inv2.id, amount: 100, currency: 'usd' });
    const open2 = await otherAccount.invoices.finalizeInvoice(inv2.id!);
    const p2 = tokenParts(open2.hosted_invoice_url!);
    assert.equal((await fetchPublic(tokenUrl({ ...p2, invoice: open.id! }))).status, 404);
    assert.equal((await fetchPublic(tokenUrl({ ...parts, account: p2.account }))).status, 404);
  });
});

describe('the hosted page', () => {
  test('shows seller, number, dates, customer, lines, totals, discounts, taxes, memo, custom fields, footer and status', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once', name: 'Launch' });
    const rate = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false, jurisdiction: 'UK' });
    const { open } = await openInvoice({
      amounts: [100000, 23456],
      descriptions: ['Consulting', 'Hosting'],
      customer: { address: { line1: '10 Downing St', city: 'London', postal_code: 'SW1A 2AA', country: 'GB' } },
      invoice: {
        description: 'Thanks for the order',
        custom_fields: [{ name: 'PO number', value: 'PO-42' }],
        discounts: [{ coupon: coupon.id }],
        default_tax_rates: [rate.id],
        collection_method: 'send_invoice',
        days_until_due: 30,
      },
    });
    const html = (await fetchPublic(open.hosted_invoice_url!)).text;
    for (const expected of ['Acme Widgets', '1 Main St', 'billing@acme.test', open.number!, 'Jenny Rosen', 'jenny@example.com', '10 Downing St', 'London SW1A 2AA', 'Consulting', 'Hosting', '$1,000.00', '$234.56', '$1,234.56', 'Launch (10% off)', '-$123.46', 'VAT - UK (20%) on $1,111.10', '$222.22', 'Thanks for the order', 'PO number', 'PO-42', 'Thank you for your business.', 'Date due'])
      assert.ok(html.includes(expected), `page shows ${expected}`);
    assert.match(html, /data-field="total">\$1,333\.32</);
    assert.match(html, /data-field="amount-due">\$1,333\.32</);
    assert.match(html, /data-field="status">Open</);
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.ok(!/<script/i.test(html), 'no script');
    assert.match(html, new RegExp(`href="/i/test_[A-Za-z0-9_-]+/pdf"`));

    await stripe.invoices.pay(open.id!, { paid_out_of_band: true });
    const paid = (await fetchPublic(open.hosted_invoice_url!)).text;
    assert.match(paid, /data-field="status">Paid</);
    assert.match(paid, /data-field="amount-paid">\$1,333\.32</);
    assert.match(paid, /data-field="amount-due">\$0\.00</);
  });

  test('money in the currency\'s own digits and the customer\'s locale', async () => {
    const yen = await openInvoice({ currency: 'jpy', amounts: [5000] });
    assert.match((await fetchPublic(yen.open.hosted_invoice_url!)).text, /data-field="total">¥5,000</);
    const dinar = await openInvoice({ currency: 'kwd', amounts: [1234567] });
    assert.match((await fetchPublic(dinar.open.hosted_invoice_url!)).text, /data-field="total">KWD[\s\u00a0]1,234\.567</);
    const german = await openInvoice({ currency: 'eur', amounts: [123456], customer: { preferred_locales: ['de-DE'] } });
    assert.match((await fetchPublic(german.open.hosted_invoice_url!)).text, /data-field="total">1\.234,56[\s\u00a0]€</);
  });

  test('text is escaped and unicode is kept', async () => {
    const { open } = await openInvoice({
      customer: { name: '<script>alert(1)</script> 山田 太郎 & 김민준', email: 'a"b@example.com' },
      descriptions: ['<img src=x onerror=alert(1)> Ünïcödé 🚀 中文'],
      invoice: { description: 'Memo </section><b>bold</b>' },
    });
    const html = (await fetchPublic(open.hosted_invoice_url!)).text;
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; 山田 太郎 &amp; 김민준'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; Ünïcödé 🚀 中文'));
    assert.ok(html.includes('Memo &lt;/section&gt;&lt;b&gt;bold&lt;/b&gt;'));
    assert.ok(html.includes('a&quot;b@example.com'));
    assert.ok(!html.includes('<script>') && !html.includes('<img src=x'));
  });
});

describe('the PDF', () => {
  test('a real PDF with the invoice\'s content, CJK and Korean names included, without a key', async () => {
    const { open } = await openInvoice({ customer: { name: '山田 太郎 / 김민준' }, descriptions: ['Ünïcödé widget 中文'], invoice: { description: 'A memo' } });
    const res = await fetchPublic(open.invoice_pdf!);
    assert.equal(res.status, 200);
    assert.equal(res.type, 'application/pdf');
    assert.equal(res.body.subarray(0, 5).toString(), '%PDF-');
    const text = (await pdfPages(res.body)).join('\n');
    for (const expected of ['Invoice', 'Acme Widgets', open.number!, '山田 太郎', '김민준', 'Ünïcödé widget 中文', '$1,234.56', 'Amount due', 'A memo', 'Thank you for your business.', 'Open'])
      assert.ok(text.includes(expected), `PDF shows ${expected}:\n${text}`);
  });

  test('emoji in a customer name and a line description are drawn (Noto Emoji, per glyph beside the text\'s own font)', async () => {
    const { open } = await openInvoice({ customer: { name: 'Zoë 🎉 Party Co' }, descriptions: ['Cake 🎂 and 山田 🍣 x2'] });
    const res = await fetchPublic(open.invoice_pdf!);
    assert.equal(res.status, 200);
    const text = (await pdfPages(res.body)).join('\n');
    for (const expected of ['Zoë 🎉 Party Co', 'Cake 🎂 and 山田 🍣 x2'])
      assert.ok(text.includes(expected), `PDF shows ${expected}:\n${text}`);
    // The emoji font is embedded (its glyphs are drawn, not left as .notdef boxes).
    assert.match(res.body.toString('latin1'), /NotoEmoji/);
  });

  test('250 lines run over pages, each starting with the table header; page i of n', async () => {
    const amounts = Array.from({ length: 250 }, (_, i) => 100 + i);
    const { open } = await openInvoice({ amounts, descriptions: amounts.map((_, i) => `Line item number ${i + 1}`) });
    const pages = await pdfPages((await fetchPublic(open.invoice_pdf!)).body);
    assert.ok(pages.length >= 5, `pages: ${pages.length}`);
    pages.forEach((p, i) => {
      assert.ok(p.includes(`Page ${i + 1} of ${pages.length}`), `page ${i + 1} numbered`);
      if (p.includes('Line item number')) assert.ok(p.includes('Description') && p.includes('Unit price'), `page ${i + 1} repeats the header`);
    });
    const all = pages.join('\n');
    for (const n of [1, 125, 250]) assert.ok(all.includes(`Line item number ${n}\n`) || all.includes(`Line item number ${n} `), `line ${n}`);
    assert.ok(pages[pages.length - 1].includes('Amount due'));
  });

  test('made once, made again when the invoice changes state', async () => {
    const { open } = await openInvoice();
    const first = await fetchPublic(open.invoice_pdf!);
    assert.equal(first.headers.get('x-invoicekit-pdf-cache'), 'miss');
    const second = await fetchPublic(open.invoice_pdf!);
    assert.equal(second.headers.get('x-invoicekit-pdf-cache'), 'hit');
    assert.deepEqual(second.body, first.body);
    await stripe.invoices.pay(open.id!, { paid_out_of_band: true });
    const third = await fetchPublic(open.invoice_pdf!);
    assert.equal(third.headers.get('x-invoicekit-pdf-cache'), 'miss');
    assert.ok((await pdfPages(third.body)).join('\n').includes('Paid'));
  });
});
