// from_invoice revisions: the new draft gets copies of the old invoice's items.
import type { Ctx } from '../../http/context.ts';
import { newId } from '../../store/ids.ts';
import { invoiceItems } from '../invoice-items/repository.ts';
import { itemsWhere } from '../invoice-items/service.ts';

export async function copyItemsToInvoice(ctx: Ctx, fromInvoice: string, toInvoice: string): Promise<void> {
  for (const item of await itemsWhere(ctx, { invoice: fromInvoice })) {
    const copy = { ...item, id: newId('ii'), invoice: toInvoice, date: ctx.now };
    await invoiceItems.insert(ctx, copy);
  }
}
