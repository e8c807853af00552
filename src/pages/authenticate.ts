// The 3D Secure test page (`next_action` of a PaymentIntent in `requires_action`): like
// Stripe's test-mode page, it asks nothing and offers "Complete" and "Fail". No API key: the
// link's secret is the capability (kept on the intent while it waits, gone once answered).
// The answer is a form POST (no script); with a `return_url` the customer is sent back to it
// with Stripe's query parameters, otherwise the page says how it went.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../http/route.ts';
import { LATEST } from '../versions/registry.ts';
import { inUnitOfWork } from '../work/run.ts';
import { answerAuthentication, waitingIntent, type AnswerResult } from '../resources/invoices/authentication-answer.ts';
import { authPath, parseLinkToken } from './links.ts';
import { capabilityHeaders } from './routes.ts';
import { document } from './document.ts';
import { html } from './html.ts';
import { formatMoney } from './money.ts';
import { sameOriginPost } from './same-origin.ts';

function page(title: string, body: ReturnType<typeof html>): string {
  return document(title, html`<main><section class="card">${body}</section></main>`);
}

const gonePage = () =>
  page('Authentication not found', html`<h1>Nothing to authenticate</h1><p class="muted">This authentication was already answered, or the link is not whole.</p>`);

/** Where `return_url` takes the customer: Stripe appends the intent, its client secret and `redirect_status`. */
export function returnTo(returnUrl: string, r: Extract<AnswerResult, { pi: unknown }>): string {
  // A path (our own hosted page when the server knows no public base) stays a path.
  const u = new URL(returnUrl, 'http://relative.invalid');
  u.searchParams.set('payment_intent', r.pi.id);
  u.searchParams.set('payment_intent_client_secret', r.pi.client_secret);
  u.searchParams.set('redirect_status', r.kind === 'succeeded' ? 'succeeded' : 'failed');
  return returnUrl.startsWith('/') ? u.pathname + u.search : u.toString();
}

export function authenticateRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const send = (reply: FastifyReply, code: number, body: string) => capabilityHeaders(reply).code(code).type('text/html; charset=utf-8').send(body);

  app.get<{ Params: { token: string } }>('/authenticate/:token', async (request, reply) => {
    const t = parseLinkToken(request.params.token);
    const pi = t ? await waitingIntent({ db: deps.work.store.db, account: t.account }, t.invoice, t.secret) : null;
    if (!pi) return send(reply, 404, gonePage());
    const action = authPath(request.params.token);
    const body = html`<div class="muted">3D Secure 2 test page</div>
<h1>Authenticate this payment</h1>
<div class="amount" data-field="amount">${formatMoney(pi.amount, pi.currency)}</div>
<p class="muted">This is a test payment: choose how the authentication ends. No card network is asked.</p>
<div class="actions">
<form method="post" action="${action}" style="display:inline"><input type="hidden" name="outcome" value="complete"><button class="primary" type="submit" data-action="complete">Complete</button></form>
<form method="post" action="${action}" style="display:inline"><input type="hidden" name="outcome" value="fail"><button type="submit" data-action="fail">Fail</button></form>
</div>`;
    // The answer may send the customer on to the integration's return_url, on another origin.
    return send(reply, 200, page('Authenticate payment', body)).header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'",
    );
  });

  app.post<{ Params: { token: string } }>('/authenticate/:token', async (request: FastifyRequest<{ Params: { token: string } }>, reply) => {
    if (!sameOriginPost(request)) return send(reply, 403, page('Forbidden', html`<h1>This form can only be sent from its own page.</h1>`));
    const t = parseLinkToken(request.params.token);
    if (!t) return send(reply, 404, gonePage());
    const outcome = (request.body as Record<string, unknown> | undefined)?.outcome;
    if (outcome !== 'complete' && outcome !== 'fail') return send(reply, 400, page('Bad request', html`<h1>Choose Complete or Fail.</h1>`));
    const base = {
      account: t.account, apiVersion: LATEST, requestId: request.id, idempotencyKey: null, now: deps.clock.now(), publicUrl: deps.publicUrl?.(), config: deps.config,
    };
    const result = await inUnitOfWork(deps.work, base, (ctx) => answerAuthentication(ctx, t.invoice, t.secret, outcome === 'complete'));
    await deps.work.store.durable();
    if (result.kind === 'gone') return send(reply, 404, gonePage());
    const back = result.pi.internal.return_url;
    if (back !== undefined) return capabilityHeaders(reply).code(303).header('location', returnTo(back, result)).send();
    const text =
      result.kind === 'succeeded' ? 'Authentication complete: the payment succeeded.'
      : result.kind === 'declined' ? `Authentication complete, but the card was declined: ${result.message}`
      : 'Authentication failed: the payment was not made.';
    return send(reply, 200, page('Authentication', html`<h1 data-field="result" data-outcome="${result.kind}">${text}</h1><p class="muted">You can close this page.</p>`));
  });
}

