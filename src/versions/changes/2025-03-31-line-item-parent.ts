import { dec } from '../../billing/rounding.ts';
import { drop, type Json, type VersionChange } from '../change.ts';
import { embeddedPrice } from './2025-03-31-invoice-item-pricing.ts';

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Invoice line items describe their origin in `parent`',
  description:
    'Invoice line items lose `type`, `invoice_item`, `proration`, `proration_details`, `price`, `tax_rates`, `tax_amounts`, `amount_excluding_tax` and `unit_amount_excluding_tax`, and gain `parent` (what generated the line), `pricing` and `taxes`. Older versions show the line\'s invoice item, its embedded Price and tax rates, and taxes as `tax_amounts` with an `inclusive` flag. Fields Stripe added without a breaking change (`invoice`, `pretax_credit_amounts`, `subtotal`) show at every version.',
  resources: ['line_item'],
  response: {
    async line_item(o, r) {
      const details = o.parent?.invoice_item_details ?? null;
      const taxes = (o.taxes ?? []) as Json[];
      // "Excluding all tax and discounts": the amount less the inclusive tax it contains before discounts,
      // which the totals keep with the line (lines saved before they did: the tax on the discounted amount).
      const inclusive = taxes.filter((t) => t.tax_behavior === 'inclusive').reduce((sum, t) => sum + (t.amount as number), 0);
      const excluding = (o.internal?.amount_excluding_tax as number | undefined) ?? (o.amount as number) - inclusive;
      const quantity = (o.quantity as number | null) ?? 1;
      const item = details ? await r.load('invoiceitem', details.invoice_item) : undefined;
      o.type = 'invoiceitem';
      o.invoice_item = details?.invoice_item ?? null;
      o.proration = details?.proration ?? false;
      o.proration_details = { credited_items: null };
      o.price = (await embeddedPrice(o, r)) ?? null;
      o.tax_rates = item ? ((item.tax_rates ?? []) as Json[]) : [];
      o.tax_amounts = taxes.map((t) => ({
        amount: t.amount,
        inclusive: t.tax_behavior === 'inclusive',
        tax_rate: t.tax_rate_details?.tax_rate ?? null,
        taxability_reason: t.taxability_reason ?? null,
        taxable_amount: t.taxable_amount ?? null,
      }));
      o.amount_excluding_tax = excluding;
      o.unit_amount_excluding_tax = quantity === 0 ? '0' : dec(excluding).div(quantity).toDecimalPlaces(12).toString();
      drop(o, 'parent');
      drop(o, 'pricing');
      drop(o, 'taxes');
    },
  },
};
