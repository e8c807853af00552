// from_invoice revisions: the new draft gets copies of the old invoice's items.
import type { Ctx } from '../../http/context.ts';
import { newId } from '../../store/ids.ts';
import { insertObject } from '../../store/objects.ts';
import { itemsWhere } from '../invoice-items/service.ts';

export async function copyItemsToInvoice(ctx: Ctx, fromInvoice: string, toInvoice: string): Promise<void> {
  for (const item of await itemsWhere(ctx, { invoice: fromInvoice })) {
    const copy = { ...item, id: newId('ii'), invoice: toInvoice, date: ctx.now };
    await insertObject(ctx.db, ctx.account, 'invoiceitem', copy, { customer: copy.customer, invoice: toInvoice }, ctx.now);
  }
}
