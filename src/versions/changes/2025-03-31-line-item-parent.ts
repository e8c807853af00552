import { dec } from '../../billing/rounding.ts';
import { drop, type Json, type VersionChange } from '../change.ts';
import { embeddedPrice } from './2025-03-31-invoice-item-pricing.ts';

/** The subscription line behind a subscription's own invoice line (invoices/lines.ts sourceIdOf). */
const sourceLineOf = (lineId: string) => `sli_${lineId.slice(lineId.lastIndexOf('_') + 1)}`;

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Invoice line items describe their origin in `parent`',
  description:
    'Invoice line items lose `type`, `invoice_item`, `subscription_item`, `proration`, `proration_details`, `price`, `tax_rates`, `tax_amounts`, `amount_excluding_tax` and `unit_amount_excluding_tax`, and gain `parent` (what generated the line), `pricing` and `taxes`. Older versions show the line\'s invoice item (a subscription\'s own line is `type: subscription` with its `subscription_item` and no invoice item), its embedded Price and tax rates, and taxes as `tax_amounts` with an `inclusive` flag. Fields Stripe added without a breaking change (`invoice`, `pretax_credit_amounts`, `subtotal`) show at every version.',
  resources: ['line_item'],
  response: {
    async line_item(o, r) {
      const subDetails = o.parent?.subscription_item_details ?? null;
      const details = o.parent?.invoice_item_details ?? (subDetails?.invoice_item ? { ...subDetails } : null);
      const taxes = (o.taxes ?? []) as Json[];
      // "Excluding all tax and discounts": the amount less the inclusive tax it contains before discounts,
      // which the totals keep with the line (lines saved before they did: the tax on the discounted amount).
      const inclusive = taxes.filter((t) => t.tax_behavior === 'inclusive').reduce((sum, t) => sum + (t.amount as number), 0);
      const excluding = (o.internal?.amount_excluding_tax as number | undefined) ?? (o.amount as number) - inclusive;
      const quantity = (o.quantity as number | null) ?? 1;
      const item = details ? await r.load('invoiceitem', details.invoice_item) : undefined;
      // A subscription's own line was `type: subscription` with its subscription item, and had no invoice item;
      // a proration of a subscription was an `invoiceitem` line naming both.
      o.type = subDetails && !subDetails.invoice_item ? 'subscription' : 'invoiceitem';
      o.invoice_item = details?.invoice_item ?? undefined;
      o.proration = details?.proration ?? subDetails?.proration ?? false;
      o.subscription = subDetails?.subscription ?? details?.subscription ?? null;
      if (subDetails) o.subscription_item = subDetails.subscription_item;
      // A credit proration names the debit lines it reverses at every version (Stripe had the field before basil).
      o.proration_details = { credited_items: details?.proration_details?.credited_items ?? subDetails?.proration_details?.credited_items ?? null };
      o.price = (await embeddedPrice(o, r)) ?? null;
      const owner = subDetails && !subDetails.invoice_item ? await r.load('subscription_line', sourceLineOf(o.id as string)) : undefined;
      o.tax_rates = item ? ((item.tax_rates ?? []) as Json[]) : owner ? ((owner.tax_rates ?? []) as Json[]) : [];
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
