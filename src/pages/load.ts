// Reads what an invoice document shows, through the resources' own services: the invoice,
// all its lines (in pages, as the API lists them), the tax rates and coupons its totals name,
// and its customer's preferred locale.
import type { Ctx } from '../http/context.ts';
import type { DisplaySettings } from '../config.ts';
import { loadInvoice, listLineItems } from '../resources/invoices/service.ts';
import { loadTaxRate } from '../resources/tax-rates/service.ts';
import { loadDiscount } from '../resources/discounts/service.ts';
import { loadCoupon } from '../resources/coupons/service.ts';
import { loadCustomer } from '../resources/customers/service.ts';
import type { Invoice, LineItem } from '../resources/invoices/model.ts';
import type { CouponInfo, DisplayInput, TaxRateInfo } from './view.ts';
import { displayLocale } from './money.ts';

export async function allLines(ctx: Ctx, invoiceId: string): Promise<LineItem[]> {
  const lines: LineItem[] = [];
  for (;;) {
    const after = lines.length > 0 ? lines[lines.length - 1].id : undefined;
    const page = await listLineItems(ctx, invoiceId, { limit: 100, starting_after: after });
    lines.push(...page.data);
    if (!page.has_more) return lines;
  }
}

export async function displayInput(ctx: Ctx, invoice: Invoice, settings: DisplaySettings): Promise<DisplayInput> {
  const lines = await allLines(ctx, invoice.id);
  const taxRates = new Map<string, TaxRateInfo>();
  for (const t of [...invoice.total_taxes, ...lines.flatMap((l) => l.taxes)]) {
    const id = t.tax_rate_details?.tax_rate;
    if (!id || taxRates.has(id)) continue;
    const rate = (await loadTaxRate(ctx, id)) as TaxRateInfo | undefined;
    if (rate) taxRates.set(id, rate);
  }
  const coupons = new Map<string, CouponInfo>();
  for (const d of invoice.total_discount_amounts) {
    if (coupons.has(d.discount)) continue;
    const discount = (await loadDiscount(ctx, d.discount)) as { source?: { coupon?: string } } | undefined;
    const couponId = discount?.source?.coupon;
    const coupon = couponId ? await loadCoupon(ctx, couponId) : undefined;
    if (coupon) coupons.set(d.discount, coupon as unknown as CouponInfo);
  }
  const customer = (await loadCustomer(ctx, invoice.customer)) as { preferred_locales?: string[] } | undefined;
  return { invoice, lines, taxRates, coupons, locale: displayLocale(customer?.preferred_locales), settings };
}

export { loadInvoice };
