// Paying an open invoice from its hosted page with one of Stripe's test cards: a form without
// script (a select of ready-made test PaymentMethods) posted to /i/:token/pay, charged through
// the same service as POST /v1/invoices/:id/pay (on session, so a card that asks for 3D Secure
// leads to the authentication page, which sends the customer back here). The link token is
// the capability; the POST must come from the page itself (same-origin.ts).
import type { FastifyRequest } from 'fastify';
import type { RouteDeps } from '../http/route.ts';
import { KeptFailure } from '../http/card-error.ts';
import { StripeError } from '../http/errors.ts';
import { LATEST } from '../versions/registry.ts';
import { inUnitOfWork } from '../work/run.ts';
import { payInvoice } from '../resources/invoices/actions.ts';
import type { Invoice } from '../resources/invoices/model.ts';
import { html } from './html.ts';
import { authPath, hostedPath, linkToken } from './links.ts';
import type { Notice, PaymentForm, PayOutcome } from './payment-seam.ts';

/** The choices: what each test card does, in the words of docs.stripe.com/testing. */
export const FORM_CARDS: readonly { id: string; label: string }[] = [
  { id: 'pm_card_visa', label: 'Visa •••• 4242 (succeeds)' },
  { id: 'pm_card_mastercard', label: 'Mastercard •••• 4444 (succeeds)' },
  { id: 'pm_card_amex', label: 'American Express •••• 0005 (succeeds)' },
  { id: 'pm_card_authenticationRequired', label: 'Visa •••• 3184 (asks for 3D Secure)' },
  { id: 'pm_card_visa_chargeDeclined', label: 'Visa •••• 0002 (declined: generic decline)' },
  { id: 'pm_card_visa_chargeDeclinedInsufficientFunds', label: 'Visa •••• 9995 (declined: insufficient funds)' },
  { id: 'pm_card_chargeDeclinedExpiredCard', label: 'Visa •••• 0069 (declined: expired card)' },
];
const ALLOWED = new Set(FORM_CARDS.map((c) => c.id));

function formMarkup(token: string, notice: Notice | null) {
  return html`<form class="pay" method="post" action="${hostedPath(token)}/pay" data-form="pay">
  ${notice ? html`<p class="notice ${notice.kind}" role="status" data-field="notice" data-kind="${notice.kind}">${notice.text}</p>` : ''}
  <label for="payment_method">Pay with a test card</label><br>
  <select id="payment_method" name="payment_method">${FORM_CARDS.map((c) => html`<option value="${c.id}">${c.label}</option>`)}</select>
  <div class="actions"><button class="primary" type="submit" data-action="pay">Pay invoice</button></div>
</form>`;
}

export const payForm: PaymentForm = {
  async form(_ctx, _invoice, token, notice) {
    return formMarkup(token, notice);
  },

  async pay(deps: RouteDeps, request: FastifyRequest, target: { account: string; invoice: Invoice }, token: string): Promise<PayOutcome> {
    const choice = (request.body as Record<string, unknown> | undefined)?.payment_method;
    if (typeof choice !== 'string' || !ALLOWED.has(choice)) return { notice: { kind: 'error', text: 'Choose one of the test cards.' } };
    const base = {
      account: target.account, apiVersion: LATEST, requestId: request.id, idempotencyKey: null, now: deps.clock.now(), publicUrl: deps.publicUrl?.(), config: deps.config,
    };
    const back = (base.publicUrl ?? '') + hostedPath(token);
    try {
      const result = await inUnitOfWork(deps.work, base, (ctx) => payInvoice(ctx, target.invoice.id, { payment_method: choice, off_session: false }, back));
      await deps.work.store.durable();
      if (!(result instanceof KeptFailure)) return { redirect: hostedPath(token) };
      const body = result.error.toBody().error as { code?: string; message?: string; payment_intent?: { id: string; internal?: { auth_secret?: string } } };
      const secret = body.payment_intent?.internal?.auth_secret;
      if (body.code === 'invoice_payment_intent_requires_action' && body.payment_intent && secret)
        return { redirect: authPath(linkToken({ account: target.account, invoice: body.payment_intent.id, secret })) };
      return { notice: { kind: 'error', text: body.message ?? 'The payment failed.' } };
    } catch (err) {
      // The invoice moved on meanwhile (paid in another tab, voided): Stripe's message says so.
      if (err instanceof StripeError && err.status < 500) return { notice: { kind: 'error', text: err.message } };
      throw err;
    }
  },
};
