// The hosted invoice page: the invoice as its customer sees it, server-rendered, no script.
import { html, type Html } from './html.ts';
import { document } from './document.ts';
import type { InvoiceView } from './view.ts';

export interface PageLinks {
  pdf: string;
  /** The pay form, when the payments module offers one for this invoice. */
  payment: Html | null;
}


const lines = (label: string[]) => label.map((l) => html`${l}<br>`);

export function invoiceDocumentBody(v: InvoiceView): Html {
  return html`
<section class="card">
  <div class="grid">
    <div>
      <h2>${v.business.name}</h2>
      <div class="muted">${lines(v.business.address)}${v.business.email ? html`<a href="mailto:${v.business.email}">${v.business.email}</a>` : ''}</div>
    </div>
    <dl>
      <dt>Invoice number</dt><dd data-field="number">${v.number ?? '—'}</dd>
      <dt>Date of issue</dt><dd>${v.issued ?? '—'}</dd>
      ${v.due ? html`<dt>Date due</dt><dd>${v.due}</dd>` : ''}
      ${v.paidOn ? html`<dt>Paid on</dt><dd>${v.paidOn}</dd>` : ''}
      ${v.voidedOn ? html`<dt>Voided on</dt><dd>${v.voidedOn}</dd>` : ''}
      <dt>Status</dt><dd><span class="badge ${v.status}" data-field="status">${v.statusLabel}</span></dd>
    </dl>
  </div>
  <div style="margin-top:16px">
    <h2>Bill to</h2>
    <div data-field="customer">${v.customer.name ? html`${v.customer.name}<br>` : ''}${lines(v.customer.address)}${v.customer.email ? html`${v.customer.email}<br>` : ''}${v.customer.phone ?? ''}</div>
  </div>
</section>
${v.memo ? html`<section class="card"><div class="muted">Memo</div><div data-field="memo" style="white-space:pre-wrap">${v.memo}</div></section>` : ''}
<section class="card">
  <table class="lines">
    <thead><tr><th>Description</th><th class="num qty">Qty</th><th class="num unit">Unit price</th><th class="num">Amount</th></tr></thead>
    <tbody>
    ${v.lines.map(
      (l) => html`<tr><td>${l.description}${l.period ? html`<div class="muted">${l.period}</div>` : ''}<span class="sub">${l.quantity} × ${l.unitPrice}</span></td><td class="num qty">${l.quantity}</td><td class="num unit">${l.unitPrice}</td><td class="num">${l.amount}</td></tr>`,
    )}
    </tbody>
  </table>
  <table class="totals" style="margin-top:8px">
    <tr><td>Subtotal</td><td class="num" data-field="subtotal">${v.subtotal}</td></tr>
    ${v.discounts.map((d) => html`<tr><td>${d.label}</td><td class="num">${d.amount}</td></tr>`)}
    ${v.totalExcludingTax ? html`<tr><td>Total excluding tax</td><td class="num">${v.totalExcludingTax}</td></tr>` : ''}
    ${v.taxes.map((t) => html`<tr><td>${t.label}</td><td class="num">${t.amount}</td></tr>`)}
    <tr class="strong"><td>Total</td><td class="num" data-field="total">${v.total}</td></tr>
    <tr><td>Amount paid</td><td class="num" data-field="amount-paid">${v.amountPaid}</td></tr>
    <tr class="strong"><td>Amount due</td><td class="num" data-field="amount-due">${v.amountDue}</td></tr>
  </table>
</section>
${v.customFields.length > 0 ? html`<section class="card"><dl>${v.customFields.map((f) => html`<dt>${f.name}</dt><dd>${f.value}</dd>`)}</dl></section>` : ''}
${v.footer ? html`<section class="card muted" data-field="footer" style="white-space:pre-wrap">${v.footer}</section>` : ''}`;
}

export function invoicePage(v: InvoiceView, links: PageLinks, lang: string): string {
  const title = `Invoice ${v.number ?? ''} from ${v.business.name}`;
  const body = html`<main>
<section class="card">
  <div class="muted">Invoice from ${v.business.name}</div>
  <div class="amount" data-field="headline">${v.headline}</div>
  <span class="badge ${v.status}">${v.statusLabel}</span>
  <div class="actions">
    <a class="primary" href="${links.pdf}" data-action="pdf">Download invoice (PDF)</a>
  </div>
  ${links.payment ?? ''}
</section>
${invoiceDocumentBody(v)}
${v.business.email ? html`<p class="muted" style="text-align:center">Questions? Contact ${v.business.name} at <a href="mailto:${v.business.email}">${v.business.email}</a>.</p>` : ''}
</main>`;
  return document(title, body, lang);
}

export function notFoundPage(): string {
  return document('Invoice not found', html`<main><section class="card"><h1>Invoice not found</h1><p class="muted">This link does not lead to an invoice. Check that it was copied whole.</p></section></main>`);
}

export function forbiddenPage(): string {
  return document('Not allowed', html`<main><section class="card"><h1>Not allowed</h1><p class="muted">This form can only be sent from its own page.</p></section></main>`);
}
