import { errors } from '../../http/errors.ts';
import { drop, type Json, type RequestInput, type VersionChange } from '../change.ts';

const CREATE_ROUTES = ['/v1/credit_notes', '/v1/credit_notes/preview', '/v1/credit_notes/preview/lines'];

const legacyTax = (t: Json) => ({
  amount: t.amount,
  inclusive: t.tax_behavior === 'inclusive',
  tax_rate: t.tax_rate_details?.tax_rate ?? null,
  taxability_reason: t.taxability_reason ?? null,
  taxable_amount: t.taxable_amount ?? null,
});

/** An old client's `refund` (one existing refund to link) is the first of `refunds`. */
function refundParam(req: RequestInput): void {
  const refund = req.params.refund;
  if (refund === undefined) return;
  if (typeof refund !== 'string') throw errors.invalidString('refund', refund);
  if (req.params.refunds !== undefined) throw errors.onlyOneOf(['refund', 'refunds']);
  delete req.params.refund;
  req.params.refunds = [{ refund }];
  req.renames['refunds[0][refund]'] = 'refund';
}

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Credit notes link `refunds`; their taxes become `total_taxes` and `taxes`',
  description:
    "Credit notes replace `refund` with `refunds` (each with `amount_refunded`) and `tax_amounts` with `total_taxes`; their line items replace `tax_amounts` with `taxes` and lose `amount_excluding_tax` and `unit_amount_excluding_tax`. Older versions show `refund` (the note's first refund, or null), `tax_amounts` in the older shape (`inclusive`, `tax_rate`), and the lines' amounts excluding inclusive tax; they link an existing refund with the `refund` parameter. `pre_payment_amount`, `post_payment_amount` and the `mixed` type came later without a breaking change and show at every version.",
  resources: ['credit_note', 'credit_note_line_item'],
  request(req) {
    if ((req.method === 'POST' && req.route === '/v1/credit_notes') || (req.method === 'GET' && CREATE_ROUTES.includes(req.route))) refundParam(req);
  },
  response: {
    credit_note(o) {
      const refunds = (o.refunds ?? []) as Json[];
      o.refund = refunds[0]?.refund ?? null;
      o.tax_amounts = ((o.total_taxes ?? []) as Json[]).map(legacyTax);
      drop(o, 'refunds', 'total_taxes');
    },
    credit_note_line_item(o) {
      const taxes = (o.taxes ?? []) as Json[];
      o.tax_amounts = taxes.map(legacyTax);
      const inclusive = taxes.filter((t) => t.tax_behavior === 'inclusive').reduce((a, t) => a + (t.amount as number), 0);
      o.amount_excluding_tax = (o.amount as number) - inclusive;
      o.unit_amount_excluding_tax = typeof o.quantity === 'number' && o.quantity > 0 ? String((o.amount_excluding_tax as number) / o.quantity) : null;
      drop(o, 'taxes');
    },
  },
};
