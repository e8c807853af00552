// Hosted invoice pages and PDFs. Prepare makes six finalized 250-line invoices (one with CJK
// and Hangul text) and times the first request of each one's PDF, which draws it (the PDF
// cache is empty): the first includes loading the fonts into the process. Then autocannon on
// the hosted page of a 250-line invoice, and on its PDF once cached.
import { api, newKey, times, type ScenarioGroup } from '../lib/scenario.ts';

const LINES = 250;

async function invoiceWithLines(base: string, key: string, name: string, description: (i: number) => string) {
  const customer = await api(base, key, 'POST', '/v1/customers', new URLSearchParams({ name, email: 'bench@example.com' }).toString());
  const invoice = await api(base, key, 'POST', '/v1/invoices', `customer=${customer.id}`);
  await times(LINES, 8, (i) =>
    api(base, key, 'POST', '/v1/invoiceitems', new URLSearchParams({ customer: customer.id, invoice: invoice.id, amount: String(1000 + i), currency: 'usd', description: description(i) }).toString()),
  );
  return api(base, key, 'POST', `/v1/invoices/${invoice.id}/finalize`, '');
}

async function timed(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200 || res.headers.get('x-invoicekit-pdf-cache') !== 'miss') throw new Error(`PDF ${url}: ${res.status} ${res.headers.get('x-invoicekit-pdf-cache')}`);
  return performance.now() - t;
}

export const pages: ScenarioGroup = {
  name: 'pages',
  target: 'invoicekit',
  async prepare(base) {
    const key = newKey();
    const invoices = [await invoiceWithLines(base, key, '山田 太郎 / 김민준', (i) => `項目 ${i + 1} 한국어 line`)];
    for (let n = 0; n < 5; n++) invoices.push(await invoiceWithLines(base, key, `Customer ${n}`, (i) => `Consulting hours, line ${i + 1}`));
    const ms = [];
    for (const inv of invoices) ms.push(await timed(inv.invoice_pdf));
    const warm = ms.slice(1).sort((a, b) => a - b);
    console.log(`  PDF of a ${LINES}-line invoice, drawn on request: first (CJK, fonts loaded) ${ms[0].toFixed(0)} ms; then (Latin) median ${warm[Math.floor(warm.length / 2)].toFixed(0)} ms, max ${warm[warm.length - 1].toFixed(0)} ms`);
    const sample = invoices[1];
    const path = (url: string) => new URL(url).pathname;
    return [
      { name: `GET hosted invoice page (${LINES} lines)`, load: { method: 'GET', path: path(sample.hosted_invoice_url) } },
      { name: `GET invoice PDF (${LINES} lines, cached)`, load: { method: 'GET', path: path(sample.invoice_pdf) } },
    ];
  },
};
