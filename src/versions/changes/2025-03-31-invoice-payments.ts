import { drop, type Json, type VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Invoices lose payment and subscription fields; taxes become `total_taxes`',
  description:
    'Invoices lose `paid`, `paid_out_of_band`, `charge`, `payment_intent`, `subscription`, `quote`, `application_fee_amount`, `transfer_data`, `tax`, `total_tax_amounts`, `discount` and the `lines.total_count`, and gain `parent`, `amount_overpaid`, `payments`, `confirmation_secret` and `total_taxes` (the changelog entries for multiple partial payments and for taxes). Older versions show `paid`/`paid_out_of_band` from the invoice\'s state, `payment_intent` (made at the first card payment attempt) and `charge` (the successful one), taxes as `tax` (their sum, null without taxes) and `total_tax_amounts`, and `discount` as the invoice\'s discount when it has exactly one. Fields Stripe added without a breaking change (`total_pretax_credit_amounts`, `automatic_tax.disabled_reason`/`provider`) show at every version.',
  resources: ['invoice'],
  response: {
    async invoice(o, r) {
      const internal = (o.internal ?? {}) as Json;
      const taxes = (o.total_taxes ?? []) as Json[];
      o.paid = o.status === 'paid';
      o.paid_out_of_band = internal.paid_out_of_band === true;
      o.charge = internal.charge ?? null;
      o.payment_intent = internal.payment_intent ?? null;
      o.subscription = typeof o.parent?.subscription_details?.subscription === 'string' ? o.parent.subscription_details.subscription : (o.parent?.subscription_details?.subscription?.id ?? null);
      o.quote = null;
      // A preview of prorations says when they were computed (top-level before basil).
      const prorationDate = o.parent?.subscription_details?.subscription_proration_date;
      if (typeof prorationDate === 'number') o.subscription_proration_date = prorationDate;
      o.application_fee_amount = internal.application_fee_amount ?? null;
      o.transfer_data = internal.transfer_data ?? null;
      // "Not populated if there are multiple discounts."
      const discounts = (o.discounts ?? []) as (string | Json)[];
      const only = discounts.length === 1 ? discounts[0] : null;
      o.discount = only === null ? null : typeof only === 'object' ? only : ((await r.load('discount', only)) ?? null);
      o.tax = taxes.length === 0 ? null : taxes.reduce((sum, t) => sum + (t.amount as number), 0);
      o.total_tax_amounts = taxes.map((t) => ({
        amount: t.amount,
        inclusive: t.tax_behavior === 'inclusive',
        tax_rate: t.tax_rate_details?.tax_rate ?? null,
        taxability_reason: t.taxability_reason ?? null,
        taxable_amount: t.taxable_amount ?? null,
      }));
      const lines = o.lines as Json | undefined;
      if (lines && lines.object === 'list' && typeof o.id === 'string') {
        const total = await r.countLines(o.id);
        o.lines = { object: 'list', data: lines.data, has_more: lines.has_more, total_count: total, url: lines.url };
      }
      for (const k of ['parent', 'amount_overpaid', 'total_taxes', 'payments', 'confirmation_secret'])
        drop(o, k);
    },
  },
};
