// The pure parts of invoice pages: money and dates as read, escaping, link tokens, font choice.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { displayLocale, formatDate, formatDecimalMoney, formatMoney, formatQuantity } from '../../../src/pages/money.ts';
import { escapeHtml, html } from '../../../src/pages/html.ts';
import { fillInvoiceLinks, linkToken, parseLinkToken, secretMatches } from '../../../src/pages/links.ts';
import { fontFor, fontRuns } from '../../../src/pdf/fonts.ts';
import { addressLines } from '../../../src/pages/view.ts';

describe('money', () => {
  test('each currency in its own minor units and symbol', () => {
    assert.equal(formatMoney(123456, 'usd'), '$1,234.56');
    assert.equal(formatMoney(5000, 'jpy'), '¥5,000');
    assert.equal(formatMoney(1234567, 'kwd').replace(/\s/g, ' '), 'KWD 1,234.567');
    assert.equal(formatMoney(-12346, 'usd'), '-$123.46');
    assert.equal(formatMoney(123456, 'eur', 'de-DE').replace(/\s/g, ' '), '1.234,56 €');
    assert.equal(formatMoney(Number.MAX_SAFE_INTEGER, 'usd'), '$90,071,992,547,409.91');
  });
  test('decimal unit prices keep their digits', () => {
    assert.equal(formatDecimalMoney('0.125', 'usd'), '$0.00125');
    assert.equal(formatDecimalMoney('1050', 'usd'), '$10.50');
    assert.equal(formatDecimalMoney('12.5', 'jpy'), '¥12.5');
    assert.equal(formatQuantity('1.5'), '1.5');
    assert.equal(formatQuantity(12000), '12,000');
  });
  test('locales: the first one Intl knows, else en-US; dates in UTC', () => {
    assert.equal(displayLocale(['not a locale!', 'fr-FR']), 'fr-FR');
    assert.equal(displayLocale([]), 'en-US');
    assert.equal(displayLocale(null), 'en-US');
    assert.equal(formatDate(1796342400), 'December 4, 2026');
    assert.equal(formatDate(null), null);
  });
  test('address lines skip what is missing', () => {
    assert.deepEqual(addressLines({ line1: '1 Main', line2: null, city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' }), ['1 Main', 'Springfield, IL 62701', 'US']);
    assert.deepEqual(addressLines(null), []);
  });
});

describe('html', () => {
  test('every interpolated value is escaped unless it is Html', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const inner = html`<b>${'<i>'}</b>`;
    assert.equal(html`<p>${inner}${['<', html`<br>`]}${null}${undefined}${false}${0}</p>`.value, '<p><b>&lt;i&gt;</b>&lt;<br>0</p>');
  });
});

describe('links', () => {
  const target = { account: 'acct_123', invoice: 'in_456', secret: 'c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0' };
  test('a token names its account, invoice and secret, and only its own spelling parses', () => {
    const token = linkToken(target);
    assert.match(token, /^test_[A-Za-z0-9_-]+$/);
    assert.deepEqual(parseLinkToken(token), target);
    // One character less is another (shorter) secret: no longer this invoice's.
    assert.notEqual(parseLinkToken(token.slice(0, -1))?.secret, target.secret);
    for (const bad of [`${token}x`, `${token}=`, token.replace('test_', 'live_'), 'test_', 'test_!!', `test_${Buffer.from('a:b').toString('base64url')}`, 'x'.repeat(500)])
      assert.equal(parseLinkToken(bad), null, bad);
    assert.ok(secretMatches(target.secret, target.secret));
    assert.ok(!secretMatches(target.secret, undefined));
    assert.ok(!secretMatches(target.secret, `${target.secret}x`));
  });
  test('filled on finalized invoices with a secret, from the base given; null otherwise', () => {
    const inv = { object: 'invoice', id: 'in_456', status: 'open', hosted_invoice_url: null, invoice_pdf: null, internal: { link_secret: target.secret } } as Record<string, any>;
    fillInvoiceLinks(inv, 'acct_123', 'https://pay.example.test');
    assert.equal(inv.hosted_invoice_url, `https://pay.example.test/i/${linkToken(target)}`);
    assert.equal(inv.invoice_pdf, `${inv.hosted_invoice_url}/pdf`);
    const draft = { ...inv, status: 'draft', hosted_invoice_url: null, invoice_pdf: null };
    fillInvoiceLinks(draft, 'acct_123', 'https://pay.example.test');
    assert.equal(draft.hosted_invoice_url, null);
    const noBase = { ...inv, hosted_invoice_url: null };
    fillInvoiceLinks(noBase, 'acct_123', undefined);
    assert.equal(noBase.hosted_invoice_url, null);
  });
});

describe('PDF fonts', () => {
  test('each string in the first font that has all its characters', () => {
    assert.equal(fontFor('Invoice $1,234.56'), 'latin');
    assert.equal(fontFor('Ünïcödé Ελληνικά Кириллица ₹'), 'latin');
    assert.equal(fontFor('山田 太郎 やまだ'), 'sc');
    assert.equal(fontFor('김민준'), 'kr');
    assert.equal(fontFor('Total', true), 'latin-bold');
    assert.equal(fontFor('请求书', true), 'sc-bold');
  });

  test('what a string\'s font lacks falls back glyph by glyph; emoji sequences stay whole', () => {
    assert.deepEqual(fontRuns('Plain text'), [{ text: 'Plain text', font: 'latin' }]);
    assert.deepEqual(fontRuns('Party 🎉 time'), [
      { text: 'Party ', font: 'latin' },
      { text: '🎉', font: 'emoji' },
      { text: ' time', font: 'latin' },
    ]);
    // A ZWJ family and a skin tone stay in the emoji run; bold text takes the bold emoji.
    assert.deepEqual(fontRuns('Hi 👩‍👩‍👧 👍🏽', true), [
      { text: 'Hi ', font: 'latin-bold' },
      { text: '👩‍👩‍👧', font: 'emoji-bold' },
      { text: ' ', font: 'latin-bold' },
      { text: '👍🏽', font: 'emoji-bold' },
    ]);
  });
});
