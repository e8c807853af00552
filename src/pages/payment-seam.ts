// Where paying from the hosted invoice page plugs in. This server has no payments yet, so
// app.ts passes no form and an open invoice's page shows no pay button (never a fake one).
// The payments module provides a PaymentForm, which app.ts hands to pageRoutes: it gets the
// open invoice and the page's link token (to post back to a route of its own under
// /i/:token/...), and returns the markup to show, or null when the invoice cannot be paid that way.
import type { Ctx } from '../http/context.ts';
import type { Invoice } from '../resources/invoices/model.ts';
import type { Html } from './html.ts';

export type PaymentForm = (ctx: Ctx, invoice: Invoice, token: string) => Promise<Html | null>;

export async function paymentFormFor(form: PaymentForm | null, ctx: Ctx, invoice: Invoice, token: string): Promise<Html | null> {
  if (form === null || invoice.status !== 'open' || invoice.amount_remaining <= 0) return null;
  return form(ctx, invoice, token);
}
