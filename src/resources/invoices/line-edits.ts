// Changing a draft's lines: one line (POST /v1/invoices/:id/lines/:line),
// or many at once (add_lines, remove_lines, update_lines). A line is its
// invoice item's mirror, so every change goes through the item and the
// invoice is recomputed once at the end. Everything runs in the request's
// transaction: a failure half-way leaves the invoice as it was.
import type { Ctx } from '../../http/context.ts';
import { errors, nestParam, StripeError } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { lineItems } from './repository.ts';
import { invoiceItems } from '../invoice-items/repository.ts';
import { createInvoiceItem, deleteInvoiceItem, saveInvoiceItem, updateInvoiceItem } from '../invoice-items/service.ts';
import type { UpdateInvoiceItem } from '../invoice-items/params.ts';
import { insertProduct } from '../products/service.ts';
import { assertMove } from './errors.ts';
import { batchRefresh, draftForItem, refreshInvoice } from './attach.ts';
import { ensureLine, invoiceItemOf } from './lines.ts';
import { loadInvoice, lockInvoice, withLines } from './service.ts';
import { saveInvoice } from './totals.ts';
import type { Invoice, LineItem } from './model.ts';
import type { AddLines, LineEdit, RemoveLines, UpdateLines } from './params.ts';

async function draft(ctx: Ctx, id: string): Promise<Invoice> {
  const inv = await lockInvoice(ctx, id);
  assertMove(inv.status, 'update_lines');
  return inv;
}

async function lineOf(ctx: Ctx, inv: Invoice, lineId: string, param: string): Promise<LineItem> {
  const line = await lineItems.get(ctx, lineId);
  if (!line || line.invoice !== inv.id)
    throw errors.resourceMissing('line_item', lineId, param, param === 'id' ? 404 : 400);
  return line;
}

/**
 * Line params become item params; `price_data[product_data]` creates the product first.
 * Params in errors are the item's (`price_data[product]`); batch callers nest them under the line.
 */
export async function toItemParams(ctx: Ctx, edit: LineEdit): Promise<UpdateInvoiceItem> {
  const { tax_amounts, price_data, ...rest } = edit;
  // Fixed tax amounts (taxes computed elsewhere) would need lines whose taxes are not computed
  // from tax rates; not built yet. An empty value (unset) is accepted.
  if (tax_amounts && tax_amounts.length > 0) throw errors.notSupported('Setting tax_amounts on invoice lines', 'tax_amounts');
  const out: UpdateInvoiceItem = { ...rest };
  if (price_data) {
    const { product_data, product, ...pd } = price_data;
    if (product !== undefined && product_data !== undefined) throw errors.onlyOneOf(['price_data[product]', 'price_data[product_data]']);
    if (product === undefined && product_data === undefined) throw errors.oneOfRequired(['price_data[product]', 'price_data[product_data]']);
    const productId = product ?? (await insertProduct(ctx, product_data!, 'price_data[product_data]')).id;
    out.price_data = { ...pd, product: productId };
  }
  return out;
}

/** The invoice item a line edit changes; a subscription's own line has none and is changed through its subscription. */
function editableItem(line: LineItem): string {
  const id = invoiceItemOf(line);
  if (id === null)
    throw errors.invalidRequest(`Line ${line.id} was made by subscription ${line.parent.subscription_item_details?.subscription}: change the subscription instead.`);
  return id;
}

/** Runs one line's part of a batch, naming its params under `lines[i]` in errors. */
export async function atLine<T>(prefix: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof StripeError ? nestParam(err, prefix) : err;
  }
}

export async function updateLineItem(ctx: Ctx, invoiceId: string, lineId: string, edit: LineEdit): Promise<LineItem> {
  const inv = await draft(ctx, invoiceId);
  const line = await lineOf(ctx, inv, lineId, 'id');
  await updateInvoiceItem(ctx, editableItem(line), await toItemParams(ctx, edit));
  return (await lineItems.get(ctx, line.id))!;
}

function applyInvoiceMetadata(inv: Invoice, metadata: Record<string, string | null> | null | undefined): void {
  inv.metadata = applyMetadata(inv.metadata, metadata);
}

export async function addLines(ctx: Ctx, invoiceId: string, p: AddLines): Promise<Invoice> {
  const inv = await draft(ctx, invoiceId);
  await batchRefresh(ctx, async () => {
    for (const [i, line] of p.lines.entries()) {
      await atLine(`lines[${i}]`, async () => {
        const { invoice_item: itemId, ...edit } = line;
        if (itemId !== undefined) {
          const item = await invoiceItems.getForUpdate(ctx, itemId);
          if (!item) throw errors.resourceMissing('invoiceitem', itemId, 'invoice_item');
          if (item.invoice !== null) throw errors.invalidRequest(`Invoice item ${item.id} is already on invoice ${item.invoice}.`, 'invoice_item');
          await draftForItem(ctx, inv.id, item.customer, item.currency, 'invoice_item');
          item.invoice = inv.id;
          await saveInvoiceItem(ctx, item);
          await ensureLine(ctx, item);
          if (Object.keys(edit).length > 0) await updateInvoiceItem(ctx, item.id, await toItemParams(ctx, edit));
          else await refreshInvoice(ctx, inv.id);
          return;
        }
        const params = await toItemParams(ctx, edit);
        const created = await createInvoiceItem(ctx, {
          ...params,
          customer: inv.customer,
          invoice: inv.id,
          currency: params.price_data || params.pricing ? undefined : inv.currency,
          tax_rates: params.tax_rates ?? undefined,
          discounts: params.discounts ?? undefined,
        });
        await ensureLine(ctx, created);
      });
    }
  });
  return finish(ctx, inv.id, p.invoice_metadata);
}

export async function removeLines(ctx: Ctx, invoiceId: string, p: RemoveLines): Promise<Invoice> {
  const inv = await draft(ctx, invoiceId);
  await batchRefresh(ctx, async () => {
    for (const [i, l] of p.lines.entries()) {
      const line = await lineOf(ctx, inv, l.id, `lines[${i}][id]`);
      const itemId = editableItem(line);
      if (l.behavior === 'delete') await deleteInvoiceItem(ctx, itemId);
      else {
        const item = (await invoiceItems.get(ctx, itemId))!;
        item.invoice = null;
        await saveInvoiceItem(ctx, item);
        await refreshInvoice(ctx, inv.id);
      }
    }
  });
  return finish(ctx, inv.id, p.invoice_metadata);
}

export async function updateLines(ctx: Ctx, invoiceId: string, p: UpdateLines): Promise<Invoice> {
  const inv = await draft(ctx, invoiceId);
  await batchRefresh(ctx, async () => {
    for (const [i, l] of p.lines.entries()) {
      const { id, ...edit } = l;
      const line = await lineOf(ctx, inv, id, `lines[${i}][id]`);
      await atLine(`lines[${i}]`, async () => updateInvoiceItem(ctx, editableItem(line), await toItemParams(ctx, edit)));
    }
  });
  return finish(ctx, inv.id, p.invoice_metadata);
}

async function finish(ctx: Ctx, invoiceId: string, metadata: Record<string, string | null> | null | undefined): Promise<Invoice> {
  const inv = await loadInvoice(ctx, invoiceId);
  if (metadata !== undefined) {
    applyInvoiceMetadata(inv, metadata);
    await saveInvoice(ctx, inv);
  }
  return withLines(ctx, inv);
}

