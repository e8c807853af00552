// In a real browser (Debian's Chromium driven by playwright-core): the hosted page of an open and
// of a paid invoice, paying an open one with test cards (a decline, 3D Secure, a success), then the dashboard: sign in with a key, find an invoice by its number, open
// it, follow its PDF link, and resend a webhook delivery that failed. Screenshots of the hosted
// page, the PDF's first page and the dashboard's invoice view go to test/output/.
//
// Without /usr/bin/chromium the file skips, saying so; with INVOICEKIT_REQUIRE_BROWSER=1 (set by
// .ci/run) a missing browser is a failure instead.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type TestServer } from '../helpers/server.ts';
import { startReceiver, type Receiver } from '../helpers/webhooks.ts';
import { startDelivery, type Deliverer } from '../../src/events/deliver.ts';
import { DEFAULTS, type Config } from '../../src/config.ts';
import { repoFile } from '../helpers/repo.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT = repoFile('test/output');
const required = process.env.INVOICEKIT_REQUIRE_BROWSER === '1';
const missing = !existsSync(CHROMIUM);
if (missing && required) throw new Error(`${CHROMIUM} is missing and INVOICEKIT_REQUIRE_BROWSER=1: install Debian's chromium (apt-get install -y chromium)`);
const skip = missing ? `${CHROMIUM} not found: browser tests skipped (apt-get install -y chromium to run them)` : false;

/** One retry after 0.2 s, then the delivery has failed for good. */
const FAST: Config = { ...DEFAULTS, webhookRetrySchedule: [0.2], webhookTimeout: 1 };

let server: TestServer;
let stripe: Stripe;
let key: string;
let loop: Deliverer;
let receiver: Receiver;
let browser: Browser;
let context: BrowserContext;
let page: Page;

before(async () => {
  if (skip) return;
  mkdirSync(OUTPUT, { recursive: true });
  server = await startServer({ display: { businessName: 'Acme Widgets', businessAddress: ['1 Main St', 'Springfield'], supportEmail: 'billing@acme.test', invoiceFooter: 'Thank you for your business.' } });
  ({ key, stripe } = server.fresh());
  loop = await startDelivery(server.store, FAST, undefined, { pollMs: 20, minGapMs: 2, publicUrl: () => server.base });
  receiver = await startReceiver(null, () => 500);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // No --user-data-dir: playwright refuses it in launch() and gives every launch a fresh profile of its own.
  });
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  page = await context.newPage();
});

after(async () => {
  if (skip) return;
  await browser?.close();
  await loop?.stop();
  await receiver?.close();
  await server?.close();
});

async function invoice(name: string, lines: [string, number][]): Promise<Stripe.Invoice> {
  const c = await stripe.customers.create({ name, email: 'jenny@example.com', address: { line1: '510 Townsend St', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' } });
  const inv = await stripe.invoices.create({ customer: c.id, description: 'Thanks for your order', custom_fields: [{ name: 'PO number', value: 'PO-42' }] });
  for (const [description, amount] of lines) await stripe.invoiceItems.create({ customer: c.id, invoice: inv.id, amount, currency: 'usd', description });
  return stripe.invoices.finalizeInvoice(inv.id!);
}

describe('in Chromium', { skip }, () => {
  let open: Stripe.Invoice;
  let paid: Stripe.Invoice;

  test('the hosted page of an open invoice, and of a paid one, on a desktop and a phone', async () => {
    receiver.secret = (await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['invoice.finalized'] })).secret!;
    open = await invoice('Jenny Rosen 山田', [['Consulting <hours>', 100000], ['Hosting', 23456]]);
    paid = await stripe.invoices.pay((await invoice('Paid Customer', [['Setup', 5000]])).id!, { paid_out_of_band: true });

    await page.goto(open.hosted_invoice_url!);
    assert.equal(await page.locator('[data-field="status"]').textContent(), 'Open');
    assert.equal(await page.locator('[data-field="number"]').textContent(), open.number);
    assert.equal(await page.locator('[data-field="total"]').textContent(), '$1,234.56');
    assert.ok((await page.locator('body').textContent())!.includes('Consulting <hours>'), 'escaped text shows as typed');
    await page.screenshot({ path: join(OUTPUT, 'hosted-page-open.png'), fullPage: true });

    await page.goto(paid.hosted_invoice_url!);
    assert.equal(await page.locator('[data-field="status"]').textContent(), 'Paid');
    assert.equal(await page.locator('[data-field="amount-due"]').textContent(), '$0.00');
    await page.screenshot({ path: join(OUTPUT, 'hosted-page-paid.png'), fullPage: true });

    const phone = await browser.newPage({ viewport: { width: 375, height: 740 } });
    await phone.goto(open.hosted_invoice_url!);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `no sideways scrolling on a phone (${width}px)`);
    await phone.screenshot({ path: join(OUTPUT, 'hosted-page-phone.png'), fullPage: true });
    await phone.close();
  });

  test('pay an open invoice from its page with a test card: a decline shows its message, then a 3D Secure card pays it', async () => {
    const due = await invoice('Card Payer', [['Support plan', 4900]]);
    await page.goto(due.hosted_invoice_url!);
    await page.selectOption('select[name="payment_method"]', 'pm_card_visa_chargeDeclined');
    await page.click('[data-action="pay"]');
    assert.equal(await page.locator('[data-field="notice"]').textContent(), 'Your card was declined.');
    assert.equal(await page.locator('[data-field="status"]').textContent(), 'Open');
    await page.screenshot({ path: join(OUTPUT, 'hosted-page-declined.png'), fullPage: true });

    await page.selectOption('select[name="payment_method"]', 'pm_card_authenticationRequired');
    await page.click('[data-action="pay"]');
    assert.match(page.url(), /\/authenticate\//);
    await page.screenshot({ path: join(OUTPUT, 'authenticate-3ds.png'), fullPage: true });
    await page.click('[data-action="complete"]');
    assert.equal(await page.locator('[data-field="status"]').textContent(), 'Paid');
    assert.equal(await page.locator('[data-form="pay"]').count(), 0);
    assert.equal((await stripe.invoices.retrieve(due.id!)).status, 'paid');
  });

  test('pay an open invoice from its page with a card that succeeds', async () => {
    const due = await invoice('Visa Payer', [['Licence', 12000]]);
    await page.goto(due.hosted_invoice_url!);
    await page.selectOption('select[name="payment_method"]', 'pm_card_visa');
    await page.click('[data-action="pay"]');
    assert.equal(await page.locator('[data-field="status"]').textContent(), 'Paid');
    assert.equal((await stripe.invoices.retrieve(due.id!)).amount_paid, 12000);
  });

  test('the dashboard: sign in, find an invoice by number, open it, follow its PDF link', async (t) => {
    await page.goto(`${server.base}/dashboard`);
    assert.match(page.url(), /\/dashboard\/login$/);
    await page.fill('#key', 'sk_live_nope');
    await page.click('button[type=submit]');
    assert.ok(await page.getByRole('alert').isVisible(), 'a wrong key is refused');
    await page.fill('#key', key);
    await page.click('button[type=submit]');
    assert.match(page.url(), /\/dashboard\/invoices$/);

    await page.fill('input[name=q]', open.number!);
    await page.click('form.search button');
    const rows = page.locator('table tbody tr');
    assert.equal(await rows.count(), 1);
    await page.click(`text=${open.number}`);
    assert.match(page.url(), new RegExp(`/dashboard/invoices/${open.id}$`));
    assert.equal(await page.locator('h1').first().textContent(), `Invoice ${open.number}`);
    assert.equal(await page.locator('[data-field="total"]').textContent(), '$1,234.56');
    await page.screenshot({ path: join(OUTPUT, 'dashboard-invoice.png'), fullPage: true });

    const href = await page.locator('a[data-action="pdf"]').getAttribute('href');
    assert.equal(href, open.invoice_pdf);
    const pdf = await page.request.get(href!);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    const file = join(OUTPUT, 'invoice.pdf');
    writeFileSync(file, await pdf.body());
    try {
      execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, join(OUTPUT, 'invoice-pdf-page1')]);
    } catch (err) {
      if (required) throw err;
      t.diagnostic(`pdftoppm (poppler-utils) missing, no picture of the PDF: ${(err as Error).message}`);
    }
  });

  test('the dashboard: resend a failed webhook delivery, which really delivers it', async () => {
    await receiver.waitFor((r) => r.deliveries.length >= 2, 10_000, 'two failed attempts');
    const endpoint = (await stripe.webhookEndpoints.list()).data[0];
    await page.goto(`${server.base}/dashboard/webhook_endpoints/${endpoint.id}`);
    const row = page.locator('tr[data-delivery]').first();
    for (let i = 0; i < 50 && (await row.getAttribute('data-status')) !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await page.reload();
    }
    assert.equal(await row.getAttribute('data-status'), 'failed');
    assert.equal(await row.locator('.attempt').count(), 2);
    assert.match((await row.locator('.attempt').first().textContent())!, /HTTP 500/);

    receiver.respond = () => 200;
    const before = receiver.deliveries.length;
    await row.locator('button', { hasText: 'Resend' }).click();
    assert.match(page.url(), /resent=/);
    await receiver.waitFor((r) => r.deliveries.length > before && r.deliveries[r.deliveries.length - 1].status === 200, 10_000, 'the resent delivery');
    assert.equal(receiver.events().at(-1)?.type, 'invoice.finalized');
    for (let i = 0; i < 50 && (await page.locator('tr[data-delivery]').first().getAttribute('data-status')) !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await page.reload();
    }
    const now = page.locator('tr[data-delivery]').first();
    assert.equal(await now.getAttribute('data-status'), 'delivered');
    assert.match((await now.locator('.attempt').last().textContent())!, /HTTP 200 · succeeded/);
    await page.screenshot({ path: join(OUTPUT, 'dashboard-webhook-deliveries.png'), fullPage: true });
  });
});
