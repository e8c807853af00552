// create_preview: the invoice the customer would get next, from their pending
// items plus any `invoice_items` given, computed exactly like a real draft
// and thrown away (the whole request runs in a transaction that rolls back).
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { customerRef } from '../customers/service.ts';
import { createInvoiceItem, itemsWhere, updateInvoiceItem } from '../invoice-items/service.ts';
import { batchRefresh } from './attach.ts';
import { createInvoice, retrieveInvoice } from './service.ts';
import { atLine, toItemParams } from './line-edits.ts';
import type { Invoice } from './model.ts';
import type { CreatePreview } from './params.ts';

export async function buildPreview(ctx: Ctx, p: CreatePreview): Promise<Invoice> {
  if (p.customer === undefined) {
    if (p.customer_account !== undefined) throw errors.resourceMissing('account', p.customer_account, 'customer_account');
    throw errors.missingParam('customer');
  }
  if (p.subscription !== undefined) throw errors.resourceMissing('subscription', p.subscription, 'subscription');
  const customer = await customerRef(ctx, p.customer);
  const currency = p.currency ?? customer.currency ?? 'usd';
  const draft = await createInvoice(ctx, { customer: customer.id, currency, discounts: p.discounts, pending_invoice_items_behavior: 'include' });
  await batchRefresh(ctx, async () => {
    for (const [i, it] of (p.invoice_items ?? []).entries()) {
      const { invoiceitem, tax_rates, price_data, currency: itemCurrency, tax_behavior: _tb, tax_code: _tc, unit_amount_decimal, ...rest } = it;
      await atLine(`invoice_items[${i}]`, async () => {
        const edit = await toItemParams(ctx, { ...rest, price_data });
        if (invoiceitem !== undefined) {
          // Stripe: "the ID of the invoice item to update in preview"; only this customer's pending items are in it.
          const pending = (await itemsWhere(ctx, { invoice: draft.id })).find((x) => x.id === invoiceitem);
          if (!pending) throw errors.resourceMissing('invoiceitem', invoiceitem, 'invoiceitem');
          await updateInvoiceItem(ctx, pending.id, { ...edit, unit_amount_decimal, tax_rates });
          return;
        }
        await createInvoiceItem(ctx, {
          ...edit,
          unit_amount_decimal,
          tax_rates: tax_rates ?? undefined,
          discounts: edit.discounts ?? undefined,
          customer: customer.id,
          invoice: draft.id,
          currency: price_data || rest.pricing ? undefined : (itemCurrency ?? currency),
        });
      });
    }
  });
  const inv = await retrieveInvoice(ctx, draft.id);
  // Nothing would be invoiced: Stripe answers that there is no upcoming invoice.
  if ((inv.lines as { data: unknown[] }).data.length === 0) throw errors.noUpcomingInvoice(customer.id);
  // Previews are not objects: Stripe names them upcoming_in_... and their lines il_tmp_...
  const suffix = inv.id.slice(3);
  const lines = inv.lines as { data: { id: string; invoice: string | null }[]; url: string };
  for (const line of lines.data) {
    line.id = `il_tmp_${line.id.slice(3)}`;
    line.invoice = `upcoming_in_${suffix}`;
  }
  lines.url = `/v1/invoices/upcoming_in_${suffix}/lines`;
  return { ...inv, id: `upcoming_in_${suffix}`, billing_reason: 'upcoming', webhooks_delivered_at: null } as Invoice;
}
