// Turning the `lines` of a create request into credit note line items: an invoice line credited
// by quantity or by amount (never both on one line across notes, as Stripe documents), or a
// custom line with its own unit amount, quantity, description and tax rates.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { lineAmount } from '../../billing/decimal-amount.ts';
import { creditCustomLine, creditLine, type CreditedLine } from '../../billing/credit-notes.ts';
import { taxRateRef } from '../tax-rates/service.ts';
import type { TaxRate } from '../tax-rates/model.ts';
import type { LineItem, TaxEntry } from '../invoices/model.ts';
import type { CreditNoteLineItem } from './model.ts';
import type { CreditNoteLineParam } from './params.ts';

/** What issued notes already credited of one invoice line, and how. */
export interface Credited {
  unit: 'quantity' | 'amount';
  taken: number;
}

export interface BuiltLine {
  /** Its id and `internal` are filled in by the caller, who knows the note. */
  line: CreditNoteLineItem;
  credited: CreditedLine;
}

const taxEntry = (t: CreditedLine['taxes'][number], reason: string): TaxEntry => ({
  amount: t.amount,
  tax_behavior: t.tax_behavior,
  tax_rate_details: { tax_rate: t.tax_rate },
  taxability_reason: reason,
  taxable_amount: t.taxable_amount,
  type: 'tax_rate_details',
});

function shape(p: CreditNoteLineParam, c: CreditedLine, rest: Partial<CreditNoteLineItem>, rates: TaxRate[], reasons: string[]): CreditNoteLineItem {
  return {
    id: '',
    object: 'credit_note_line_item',
    amount: c.amount,
    description: null,
    discount_amount: c.discount_amounts.reduce((a, d) => a + d.amount, 0),
    discount_amounts: c.discount_amounts,
    livemode: false,
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).filter((e): e is [string, string] => e[1] !== null)),
    pretax_credit_amounts: c.discount_amounts.map((d) => ({ amount: d.amount, discount: d.discount, type: 'discount' as const })),
    quantity: null,
    tax_rates: rates,
    taxes: c.taxes.map((t, i) => taxEntry(t, reasons[i] ?? 'standard_rated')),
    type: p.type,
    unit_amount: null,
    unit_amount_decimal: null,
    internal: { credit_note: '', invoice: '', status: 'issued' },
    ...rest,
  };
}

export async function buildLine(
  ctx: Ctx,
  p: CreditNoteLineParam,
  i: number,
  invoiceId: string,
  invoiceLines: ReadonlyMap<string, LineItem>,
  credited: Map<string, Credited>,
): Promise<BuiltLine> {
  const param = (k: string) => `lines[${i}][${k}]`;
  if (p.tax_amounts !== undefined && p.tax_amounts !== null && p.tax_amounts.length > 0) throw errors.notSupported('Credit note lines with `tax_amounts`', param('tax_amounts'));
  if (p.type === 'custom_line_item') return customLine(ctx, p, param);
  for (const k of ['unit_amount', 'unit_amount_decimal', 'description', 'tax_rates'] as const)
    if (p[k] !== undefined) throw errors.invalidRequest(`You may only specify \`${k}\` for credit note lines of type \`custom_line_item\`.`, param(k));
  if (p.invoice_line_item === undefined) throw errors.missingParam(param('invoice_line_item'));
  const il = invoiceLines.get(p.invoice_line_item);
  if (!il) throw errors.lineNotOnInvoice(invoiceId, p.invoice_line_item, param('invoice_line_item'));
  if (p.amount !== undefined && p.quantity !== undefined) throw errors.onlyOneOf([param('amount'), param('quantity')]);
  // Neither: the whole of what is left of the line, in the unit it was credited in so far.
  const before = credited.get(il.id);
  const unit: 'quantity' | 'amount' = p.quantity !== undefined ? 'quantity' : p.amount !== undefined ? 'amount' : (before?.unit ?? 'quantity');
  if (before && before.unit !== unit)
    throw errors.invalidRequest(
      `Invoice line item ${il.id} was credited by ${before.unit} before: later credit notes must credit it by ${before.unit} too.`,
      param(unit),
    );
  const whole = unit === 'quantity' ? il.quantity : il.amount;
  const taken = before?.taken ?? 0;
  const now = p.quantity ?? p.amount ?? whole - taken;
  if (now > whole - taken)
    throw errors.invalidRequest(
      unit === 'quantity'
        ? `The quantity to credit (${now}) exceeds the quantity of invoice line item ${il.id} left to credit (${whole - taken}).`
        : `The amount to credit (${now}) exceeds the amount of invoice line item ${il.id} left to credit (${whole - taken}).`,
      param(unit),
    );
  credited.set(il.id, { unit, taken: taken + now });
  const c = creditLine(
    {
      amount: il.amount,
      quantity: il.quantity,
      discounts: il.discount_amounts,
      taxes: il.taxes.map((t) => ({ amount: t.amount, tax_rate: t.tax_rate_details?.tax_rate ?? '', taxable_amount: t.taxable_amount ?? 0, tax_behavior: t.tax_behavior })),
    },
    unit,
    taken,
    now,
  );
  const rates = await Promise.all(il.taxes.map((t) => taxRateRef(ctx, t.tax_rate_details?.tax_rate ?? '', param('invoice_line_item'))));
  const line = shape(p, c, { description: il.description, invoice_line_item: il.id, quantity: unit === 'quantity' ? now : null }, rates, il.taxes.map((t) => t.taxability_reason));
  return { line, credited: c };
}

async function customLine(ctx: Ctx, p: CreditNoteLineParam, param: (k: string) => string): Promise<BuiltLine> {
  if (p.invoice_line_item !== undefined) throw errors.invalidRequest('You may only specify `invoice_line_item` for credit note lines of type `invoice_line_item`.', param('invoice_line_item'));
  if (p.amount !== undefined) throw errors.invalidRequest('You may only specify `amount` for credit note lines of type `invoice_line_item`.', param('amount'));
  if (p.description === undefined) throw errors.missingParam(param('description'));
  if (p.unit_amount !== undefined && p.unit_amount_decimal !== undefined) throw errors.onlyOneOf([param('unit_amount'), param('unit_amount_decimal')]);
  const quantity = p.quantity ?? 1;
  const unitDecimal = p.unit_amount_decimal ?? (p.unit_amount !== undefined ? String(p.unit_amount) : undefined);
  if (unitDecimal === undefined) throw errors.missingParam(param('unit_amount'));
  const rates = await Promise.all((p.tax_rates ?? []).map((id, j) => taxRateRef(ctx, id, `${param('tax_rates')}[${j}]`)));
  const c = creditCustomLine(lineAmount(unitDecimal, quantity), rates.map((r) => ({ id: r.id, percentage: r.percentage, inclusive: r.inclusive })));
  const unit = Number.isSafeInteger(Number(unitDecimal)) ? Number(unitDecimal) : null;
  const line = shape(p, c, { description: p.description, quantity, unit_amount: unit, unit_amount_decimal: unitDecimal }, rates, []);
  return { line, credited: c };
}
