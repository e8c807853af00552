// Where paying from the hosted invoice page plugs in: app.ts hands pageRoutes the payments'
// pay form (pages/pay-form.ts), or null for a server without payments (then an open invoice's
// page shows no pay button, never a fake one). `form` gives the markup for an open invoice
// (with a notice after an attempt); `pay` answers the form's POST to /i/:token/pay.
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../http/context.ts';
import type { RouteDeps } from '../http/route.ts';
import type { Invoice } from '../resources/invoices/model.ts';
import type { Html } from './html.ts';

export interface Notice {
  kind: 'success' | 'error';
  text: string;
}

/** After a pay POST: go to a page (the invoice's, or the 3D Secure page), or show the invoice with a notice. */
export type PayOutcome = { redirect: string } | { notice: Notice };

export interface PaymentForm {
  form(ctx: Ctx, invoice: Invoice, token: string, notice: Notice | null): Promise<Html | null>;
  pay(deps: RouteDeps, request: FastifyRequest, target: { account: string; invoice: Invoice }, token: string): Promise<PayOutcome>;
}

export async function paymentFormFor(form: PaymentForm | null, ctx: Ctx, invoice: Invoice, token: string, notice: Notice | null = null): Promise<Html | null> {
  if (form === null || invoice.status !== 'open' || invoice.amount_remaining <= 0) return null;
  return form.form(ctx, invoice, token, notice);
}
