// What an invoice document shows, worked out once for the hosted page, the PDF and the
// dashboard: every figure already formatted for the reader's locale and the invoice's
// currency. Its sections follow Stripe's hosted invoice page and invoice PDF: seller,
// number and dates, bill-to, lines, subtotal, discounts, taxes, total, paid and due, memo,
// custom fields, footer. Pure: everything it needs is loaded before (pages/load.ts).
import type { Invoice, LineItem } from '../resources/invoices/model.ts';
import type { Address } from '../resources/shared-params.ts';
import type { DisplaySettings } from '../config.ts';
import type { InvoiceStatus } from '../billing/invoice-status.ts';
import { formatDate, formatDecimalMoney, formatMoney, formatQuantity } from './money.ts';

export interface TaxRateInfo {
  display_name: string;
  percentage: number;
  inclusive: boolean;
  jurisdiction: string | null;
}

export interface CouponInfo {
  name: string | null;
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
}

export interface DisplayInput {
  invoice: Invoice;
  lines: LineItem[];
  /** By tax rate id. */
  taxRates: ReadonlyMap<string, TaxRateInfo>;
  /** By discount id: the coupon behind it. */
  coupons: ReadonlyMap<string, CouponInfo>;
  locale: string;
  settings: DisplaySettings;
}

export interface LineView {
  description: string;
  period: string | null;
  quantity: string;
  unitPrice: string;
  amount: string;
}

export interface Row {
  label: string;
  amount: string;
}

export interface InvoiceView {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  statusLabel: string;
  /** One line that says where the invoice stands: `$12.00 due January 3, 2027`, `Paid December 4, 2026`. */
  headline: string;
  currency: string;
  business: { name: string; address: string[]; email: string | null };
  issued: string | null;
  due: string | null;
  paidOn: string | null;
  voidedOn: string | null;
  customer: { name: string | null; email: string | null; phone: string | null; address: string[] };
  lines: LineView[];
  subtotal: string;
  discounts: Row[];
  /** Set when taxes are added on top: the total before them. */
  totalExcludingTax: string | null;
  taxes: Row[];
  total: string;
  amountPaid: string;
  amountDue: string;
  memo: string | null;
  customFields: { name: string; value: string }[];
  footer: string | null;
  pageSize: 'a4' | 'letter';
}

const STATUS_LABELS: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  paid: 'Paid',
  uncollectible: 'Uncollectible',
  void: 'Void',
};

export function addressLines(a: Address | null | undefined): string[] {
  if (!a) return [];
  const cityLine = [[a.city, a.state].filter(Boolean).join(', '), a.postal_code].filter(Boolean).join(' ');
  return [a.line1, a.line2, cityLine, a.country].filter((l): l is string => typeof l === 'string' && l.trim() !== '');
}

function percent(p: number, locale: string): string {
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(p)}%`;
}

function taxLabel(rate: TaxRateInfo | undefined, taxable: number | null, currency: string, locale: string): string {
  if (!rate) return 'Tax';
  const where = rate.jurisdiction ? ` - ${rate.jurisdiction}` : '';
  const share = `${percent(rate.percentage, locale)}${rate.inclusive ? ' included' : ''}`;
  const on = taxable === null ? '' : ` on ${formatMoney(taxable, currency, locale)}`;
  return `${rate.display_name}${where} (${share})${on}`;
}

function discountLabel(c: CouponInfo | undefined, currency: string, locale: string): string {
  if (!c) return 'Discount';
  const off =
    c.percent_off !== null ? `${percent(c.percent_off, locale)} off`
    : c.amount_off !== null ? `${formatMoney(c.amount_off, c.currency ?? currency, locale)} off`
    : null;
  if (c.name && off) return `${c.name} (${off})`;
  return c.name ?? (off ? `Discount (${off})` : 'Discount');
}

/** Taxes by rate, as the invoice totals them (one row per rate and behaviour). */
function taxRows(inv: Invoice, input: DisplayInput): Row[] {
  const { locale } = input;
  return inv.total_taxes
    .filter((t) => t.amount !== 0 || t.tax_rate_details !== null)
    .map((t) => ({
      label: taxLabel(t.tax_rate_details ? input.taxRates.get(t.tax_rate_details.tax_rate) : undefined, t.taxable_amount, inv.currency, locale),
      amount: formatMoney(t.amount, inv.currency, locale),
    }));
}

function lineView(line: LineItem, currency: string, locale: string): LineView {
  const unit = line.pricing?.unit_amount_decimal ?? null;
  const sameDay = line.period.start === line.period.end;
  return {
    description: line.description ?? '',
    period: sameDay ? null : `${formatDate(line.period.start, locale)} – ${formatDate(line.period.end, locale)}`,
    quantity: formatQuantity(line.quantity_decimal ?? line.quantity, locale),
    unitPrice: unit === null ? '' : formatDecimalMoney(unit, currency, locale),
    amount: formatMoney(line.amount, currency, locale),
  };
}

function headline(inv: Invoice, locale: string): string {
  const due = formatDate(inv.due_date, locale);
  const remaining = formatMoney(inv.amount_remaining, inv.currency, locale);
  switch (inv.status) {
    case 'paid':
      return `Paid ${formatDate(inv.status_transitions.paid_at, locale) ?? ''}`.trim();
    case 'void':
      return `Void since ${formatDate(inv.status_transitions.voided_at, locale) ?? ''}`.trim();
    case 'uncollectible':
      return `${remaining} uncollectible`;
    case 'draft':
      return `Draft for ${formatMoney(inv.amount_due, inv.currency, locale)}`;
    default:
      return due ? `${remaining} due ${due}` : `${remaining} due`;
  }
}

/** Letter where Stripe's `auto` would pick it (the Americas that use it), A4 elsewhere. */
function pageSize(inv: Invoice): 'a4' | 'letter' {
  const wanted = inv.rendering?.pdf?.page_size;
  if (wanted === 'a4' || wanted === 'letter') return wanted;
  const country = inv.customer_address?.country?.toUpperCase();
  return country === undefined || ['US', 'CA', 'MX', 'PH', 'CL', 'CO', 'VE'].includes(country) ? 'letter' : 'a4';
}

export function invoiceView(input: DisplayInput): InvoiceView {
  const { invoice: inv, locale, settings } = input;
  const money = (n: number) => formatMoney(n, inv.currency, locale);
  const exclusiveTax = inv.total_taxes.some((t) => t.tax_behavior === 'exclusive' && t.amount !== 0);
  return {
    id: inv.id,
    number: inv.number,
    status: inv.status,
    statusLabel: STATUS_LABELS[inv.status],
    headline: headline(inv, locale),
    currency: inv.currency.toUpperCase(),
    business: { name: inv.account_name ?? settings.businessName, address: settings.businessAddress, email: settings.supportEmail },
    issued: formatDate(inv.status_transitions.finalized_at ?? inv.effective_at ?? inv.created, locale),
    due: formatDate(inv.due_date, locale),
    paidOn: formatDate(inv.status_transitions.paid_at, locale),
    voidedOn: formatDate(inv.status_transitions.voided_at, locale),
    customer: {
      name: inv.customer_name,
      email: inv.customer_email,
      phone: inv.customer_phone,
      address: addressLines(inv.customer_address),
    },
    lines: input.lines.map((l) => lineView(l, inv.currency, locale)),
    subtotal: money(inv.subtotal),
    discounts: inv.total_discount_amounts
      .filter((d) => d.amount !== 0)
      .map((d) => ({ label: discountLabel(input.coupons.get(d.discount), inv.currency, locale), amount: money(-d.amount) })),
    totalExcludingTax: exclusiveTax ? money(inv.total_excluding_tax) : null,
    taxes: taxRows(inv, input),
    total: money(inv.total),
    amountPaid: money(inv.amount_paid),
    amountDue: money(inv.amount_remaining),
    memo: inv.description,
    customFields: inv.custom_fields ?? [],
    footer: inv.footer ?? settings.invoiceFooter,
    pageSize: pageSize(inv),
  };
}
