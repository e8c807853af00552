// The invoice PDF, drawn with pdfkit from the same view as the hosted page: seller, number and
// dates, bill-to, the amount due, lines in a table whose header repeats on every page the lines
// run onto, subtotal, discounts, taxes, total, paid and due, memo, custom fields, footer, and
// "Page i of n" on each page. Fonts: pdf/fonts.ts.
import PDFDocument from 'pdfkit';
import type { InvoiceView } from '../pages/view.ts';
import { fontFor, fontRuns, loadFont, type FontName } from './fonts.ts';

const MARGIN = 50;
const SIZE = { title: 22, head: 11, body: 9.5, small: 8 };
const GREY = '#697386';
const INK = '#1a1f36';
const RULE = '#e3e8ee';

type Doc = PDFKit.PDFDocument;
const fonts = new WeakMap<Doc, (name: FontName) => FontName>();
const fontOf = (doc: Doc, text: string, bold?: boolean) => fonts.get(doc)!(fontFor(text, bold));

interface TextOptions {
  width?: number;
  align?: 'left' | 'right' | 'center';
  bold?: boolean;
  size?: number;
  color?: string;
}

function write(doc: Doc, text: string, x: number, y: number, o: TextOptions = {}): number {
  const runs = fontRuns(text, o.bold);
  const use = fonts.get(doc)!;
  doc.fontSize(o.size ?? SIZE.body).fillColor(o.color ?? INK);
  if (runs.length === 1) {
    doc.font(use(runs[0].font)).text(text, x, y, { width: o.width, align: o.align ?? 'left', lineGap: 1 });
    return doc.y;
  }
  // Several fonts in one paragraph: pdfkit continues a paragraph across font changes, wrapping as one.
  runs.forEach((run, i) => {
    doc.font(use(run.font));
    const options = { width: o.width, align: o.align ?? 'left', lineGap: 1, continued: i < runs.length - 1 } as const;
    if (i === 0) doc.text(run.text, x, y, options);
    else doc.text(run.text, options);
  });
  return doc.y;
}

function heightOf(doc: Doc, text: string, width: number, o: TextOptions = {}): number {
  doc.font(fontOf(doc, text, o.bold)).fontSize(o.size ?? SIZE.body);
  return doc.heightOfString(text === '' ? ' ' : text, { width, lineGap: 1 });
}

/** A stack of lines from (x, y); returns the y under it. */
function block(doc: Doc, lines: (string | null)[], x: number, y: number, width: number, first?: TextOptions): number {
  let at = y;
  lines.forEach((l, i) => {
    if (l === null || l === '') return;
    at = write(doc, l, x, at, { width, ...(i === 0 ? first : { color: GREY }) });
  });
  return at;
}

export function renderInvoicePdf(v: InvoiceView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: v.pageSize === 'a4' ? 'A4' : 'LETTER',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Invoice ${v.number ?? v.id}`, Author: v.business.name, Creator: 'InvoiceKit' },
  });
  // Registered as used: a document in Latin script never loads the CJK fonts.
  const registered = new Set<FontName>();
  const use = (name: FontName) => {
    if (!registered.has(name)) {
      doc.registerFont(name, loadFont(name) as unknown as Buffer);
      registered.add(name);
    }
    return name;
  };
  fonts.set(doc, use);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const right = left + width;
  const bottom = () => doc.page.height - MARGIN - 24; // room for the page footer

  // Title and seller.
  write(doc, 'Invoice', left, MARGIN, { size: SIZE.title, bold: true });
  let y = block(doc, [v.business.name, ...v.business.address, v.business.email], left + width / 2, MARGIN + 4, width / 2, { bold: true, size: SIZE.head });
  y = Math.max(y, MARGIN + 34);

  // Number, dates, status.
  const meta: [string, string | null][] = [
    ['Invoice number', v.number],
    ['Date of issue', v.issued],
    ['Date due', v.due],
    ['Paid on', v.paidOn],
    ['Voided on', v.voidedOn],
    ['Status', v.statusLabel],
  ];
  let metaY = MARGIN + 34;
  for (const [label, value] of meta) {
    if (value === null) continue;
    write(doc, label, left, metaY, { width: 100, color: GREY });
    metaY = Math.max(write(doc, value, left + 100, metaY, { width: width / 2 - 110 }), metaY + 12);
  }
  y = Math.max(y, metaY) + 16;

  // Bill to.
  write(doc, 'Bill to', left, y, { bold: true, size: SIZE.head });
  y = block(doc, [v.customer.name ?? '', ...v.customer.address, v.customer.email, v.customer.phone], left, y + 16, width / 2, {}) + 16;

  write(doc, v.headline, left, y, { bold: true, size: 16 });
  y = doc.y + 8;
  if (v.memo) y = write(doc, v.memo, left, y, { width, color: GREY }) + 8;

  // Lines.
  const cols = { desc: left, qty: left + width * 0.52, unit: left + width * 0.64, amount: left + width * 0.82 };
  const widths = { desc: width * 0.5, qty: width * 0.1, unit: width * 0.16, amount: width * 0.18 };
  const header = () => {
    y += 6;
    write(doc, 'Description', cols.desc, y, { width: widths.desc, color: GREY, size: SIZE.small });
    write(doc, 'Qty', cols.qty, y, { width: widths.qty, align: 'right', color: GREY, size: SIZE.small });
    write(doc, 'Unit price', cols.unit, y, { width: widths.unit, align: 'right', color: GREY, size: SIZE.small });
    write(doc, 'Amount', cols.amount, y, { width: widths.amount, align: 'right', color: GREY, size: SIZE.small });
    y += 14;
    doc.moveTo(left, y).lineTo(right, y).lineWidth(0.5).strokeColor(RULE).stroke();
    y += 5;
  };
  const newPage = () => {
    doc.addPage();
    y = MARGIN;
  };
  header();
  for (const line of v.lines) {
    const text = line.period ? `${line.description}\n${line.period}` : line.description;
    const h = Math.max(heightOf(doc, text, widths.desc), 12) + 6;
    if (y + h > bottom()) {
      newPage();
      header();
    }
    write(doc, text, cols.desc, y, { width: widths.desc });
    write(doc, line.quantity, cols.qty, y, { width: widths.qty, align: 'right' });
    write(doc, line.unitPrice, cols.unit, y, { width: widths.unit, align: 'right' });
    write(doc, line.amount, cols.amount, y, { width: widths.amount, align: 'right' });
    y += h;
  }

  // Totals, right half.
  const rows: [string, string, boolean][] = [
    ['Subtotal', v.subtotal, false],
    ...v.discounts.map((d): [string, string, boolean] => [d.label, d.amount, false]),
    ...(v.totalExcludingTax ? [['Total excluding tax', v.totalExcludingTax, false] as [string, string, boolean]] : []),
    ...v.taxes.map((t): [string, string, boolean] => [t.label, t.amount, false]),
    ['Total', v.total, true],
    ['Amount paid', v.amountPaid, false],
    ['Amount due', v.amountDue, true],
  ];
  y += 6;
  const labelX = left + width * 0.4;
  const labelW = width * 0.4;
  for (const [label, amount, strong] of rows) {
    const h = heightOf(doc, label, labelW, { bold: strong }) + 5;
    if (y + h > bottom()) newPage();
    if (strong) doc.moveTo(labelX, y - 2).lineTo(right, y - 2).lineWidth(0.5).strokeColor(RULE).stroke();
    write(doc, label, labelX, y, { width: labelW, bold: strong });
    write(doc, amount, cols.amount, y, { width: widths.amount, align: 'right', bold: strong });
    y += h;
  }

  // Custom fields and footer.
  const tail: [string | null, string][] = [...v.customFields.map((f): [string | null, string] => [f.name, f.value])];
  if (v.footer) tail.push([null, v.footer]);
  y += 12;
  for (const [name, value] of tail) {
    const text = name === null ? value : `${name}: ${value}`;
    const h = heightOf(doc, text, width) + 4;
    if (y + h > bottom()) newPage();
    y = write(doc, text, left, y, { width, color: name === null ? GREY : INK }) + 4;
  }

  // Page i of n, with the number, on every page.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const label = `${v.number ?? v.id} · Page ${i + 1} of ${range.count}`;
    // Below the bottom margin: lift it for this one line so pdfkit does not start a new page.
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    write(doc, label, left, doc.page.height - MARGIN, { width, align: 'right', size: SIZE.small, color: GREY });
    doc.page.margins.bottom = keep;
  }
  doc.end();
  return done;
}
