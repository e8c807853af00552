import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadCustomer } from '../customers/service.ts';
import { loadDiscount } from '../discounts/service.ts';
import { loadPrice } from '../prices/service.ts';
import { loadInvoiceItem } from '../invoice-items/service.ts';
import { setInvoiceRefresh } from './attach.ts';
import { refreshDraft } from './totals.ts';
import * as params from './params.ts';
import * as service from './service.ts';
import * as actions from './actions.ts';
import * as lines from './line-edits.ts';
import { buildPreview, checkUpcoming, upcomingInvoice, upcomingLines } from './preview.ts';
import { getObject } from '../../store/objects.ts';
import type { Ctx } from '../../http/context.ts';
import type { Invoice } from './model.ts';
// Its schedule follows the invoices' events from the first request on.
import './collection-job.ts';

export function invoiceRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const route = (method: 'GET' | 'POST' | 'DELETE', url: string, handler: Parameters<typeof addRoute>[2]['handler'], dryRun = false) =>
    addRoute(app, deps, { method, url, handler, dryRun });

  route('POST', '/v1/invoices', (ctx, p) => service.createInvoice(ctx, validate(params.createInvoice, p)));
  route('POST', '/v1/invoices/create_preview', (ctx, p) => buildPreview(ctx, validate(params.createPreview, p)), true);
  // Only for clients before 2025-03-31.basil; computed in a transaction that rolls back, like create_preview.
  // Newer clients get an unrecognized URL before any parameter is looked at.
  route('GET', '/v1/invoices/upcoming', (ctx, p) => (checkUpcoming(ctx, '/v1/invoices/upcoming'), upcomingInvoice(ctx, validate(params.upcoming, p))), true);
  route('GET', '/v1/invoices/upcoming/lines', (ctx, p) =>
    (checkUpcoming(ctx, '/v1/invoices/upcoming/lines'), upcomingLines(ctx, validate(params.upcomingLines, p))), true);
  route('GET', '/v1/invoices', (ctx, p) => service.listInvoices(ctx, validate(params.listInvoices, p)));
  route('GET', '/v1/invoices/:id', (ctx, p, path) => (validate({}, p), service.retrieveInvoice(ctx, path.id)));
  route('POST', '/v1/invoices/:id', (ctx, p, path) => service.updateInvoice(ctx, path.id, validate(params.updateInvoice, p)));
  route('DELETE', '/v1/invoices/:id', (ctx, p, path) => (validate({}, p), service.deleteInvoice(ctx, path.id)));
  route('POST', '/v1/invoices/:id/finalize', (ctx, p, path) =>
    actions.finalizeInvoice(ctx, path.id, validate(params.finalizeInvoice, p).auto_advance),
  );
  route('POST', '/v1/invoices/:id/pay', (ctx, p, path) => actions.payInvoice(ctx, path.id, validate(params.payInvoice, p)));
  route('POST', '/v1/invoices/:id/send', (ctx, p, path) => (validate({}, p), actions.sendInvoice(ctx, path.id)));
  route('POST', '/v1/invoices/:id/void', (ctx, p, path) => (validate({}, p), actions.voidInvoice(ctx, path.id)));
  route('POST', '/v1/invoices/:id/mark_uncollectible', (ctx, p, path) => (validate({}, p), actions.markUncollectible(ctx, path.id)));
  route('GET', '/v1/invoices/:id/lines', (ctx, p, path) => service.listLineItems(ctx, path.id, validate(params.listLines, p)));
  route('POST', '/v1/invoices/:id/lines/:line', (ctx, p, path) =>
    lines.updateLineItem(ctx, path.id, path.line, validate(params.updateLineItem, p)),
  );
  route('POST', '/v1/invoices/:id/add_lines', (ctx, p, path) => lines.addLines(ctx, path.id, validate(params.addLines, p)));
  route('POST', '/v1/invoices/:id/remove_lines', (ctx, p, path) => lines.removeLines(ctx, path.id, validate(params.removeLines, p)));
  route('POST', '/v1/invoices/:id/update_lines', (ctx, p, path) => lines.updateLines(ctx, path.id, validate(params.updateLines, p)));
}

setInvoiceRefresh(refreshDraft);

async function loadInvoiceObject(ctx: Ctx, id: string): Promise<object | undefined> {
  const inv = await getObject<Invoice>(ctx.db, ctx.account, 'invoice', id);
  return inv ? service.withLines(ctx, inv) : undefined;
}

registerExpandable('invoiceitem', 'invoice', loadInvoiceObject);
registerExpandable('line_item', 'invoice', loadInvoiceObject);
registerExpandable('line_item', 'discounts', loadDiscount);
registerExpandable('line_item', 'pricing.price_details.price', loadPrice);
registerExpandable('line_item', 'parent.invoice_item_details.invoice_item', loadInvoiceItem);
registerExpandable('invoice', 'discounts', loadDiscount);
registerExpandable('invoice', 'latest_revision', loadInvoiceObject);
registerExpandable('invoice', 'from_invoice.invoice', loadInvoiceObject);
registerExpandable('discount', 'invoice', loadInvoiceObject);
registerExpandable('invoice', 'customer', loadCustomer);
