// GET /i/:token (the hosted invoice page) and GET /i/:token/pdf (its PDF). No API key: the
// link is the capability (pages/links.ts). Anything that does not lead to a finalized
// invoice, a wrong secret included, is the same 404.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pageReadCtx } from './read-context.ts';
import type { RouteDeps } from '../http/route.ts';
import type { Ctx } from '../http/context.ts';
import { getObject } from '../store/objects.ts';
import type { Invoice } from '../resources/invoices/model.ts';
import { parseLinkToken, pdfPath, secretMatches } from './links.ts';
import { displayInput } from './load.ts';
import { invoiceView } from './view.ts';
import { forbiddenPage, invoicePage, notFoundPage } from './invoice-page.ts';
import { paymentFormFor, type Notice, type PaymentForm } from './payment-seam.ts';
import { sameOriginPost } from './same-origin.ts';
import { PdfCache } from '../pdf/cache.ts';

/** Headers for a page whose URL is a secret: kept out of caches, search engines and Referer headers. */
export function capabilityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('cache-control', 'private, no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'");
}

export interface LinkedInvoice {
  ctx: Ctx;
  invoice: Invoice;
  /** The stored JSON's digest input: any change to the invoice changes it. */
  json: string;
}

/** The finalized invoice a link leads to, or null (wrong token, wrong secret, a draft, deleted). */
export async function resolveLink(deps: RouteDeps, request: FastifyRequest, token: string): Promise<LinkedInvoice | null> {
  const target = parseLinkToken(token);
  if (!target) return null;
  const invoice = await getObject<Invoice>(deps.work.store.db, target.account, 'invoice', target.invoice);
  if (!invoice || invoice.status === 'draft' || !secretMatches(target.secret, invoice.internal?.link_secret)) return null;
  const ctx = pageReadCtx(deps, request, target.account);
  return { ctx, invoice, json: JSON.stringify(invoice) };
}

/**
 * pdfkit and the fonts load on first use, not at start: a server that never draws a PDF (most
 * test servers, the crash tests' processes) does not pay seconds of start-up for them. The
 * first hosted page a server shows starts loading them in the background, since its PDF link
 * is likely to be followed next.
 */
let pdfModule: Promise<typeof import('../pdf/render.ts')> | null = null;
function pdfRenderer(): Promise<typeof import('../pdf/render.ts')> {
  pdfModule ??= import('../pdf/render.ts').then(async (m) => {
    (await import('../pdf/fonts.ts')).warmFonts();
    return m;
  });
  return pdfModule;
}

export function pageRoutes(app: FastifyInstance, deps: RouteDeps, paymentForm: PaymentForm | null = null): void {
  const pdfs = new PdfCache();
  const settings = deps.config.display;
  const notFound = (reply: FastifyReply) => capabilityHeaders(reply).code(404).type('text/html; charset=utf-8').send(notFoundPage());

  const hostedPage = async (linked: LinkedInvoice, token: string, notice: Notice | null) => {
    const input = await displayInput(linked.ctx, linked.invoice, settings);
    const view = invoiceView(input);
    const payment = await paymentFormFor(paymentForm, linked.ctx, linked.invoice, token, notice);
    return invoicePage(view, { pdf: pdfPath(token), payment }, input.locale);
  };

  app.get<{ Params: { token: string }; Querystring: { redirect_status?: string } }>('/i/:token', async (request, reply) => {
    const linked = await resolveLink(deps, request, request.params.token);
    if (!linked) return notFound(reply);
    // Back from the 3D Secure page: a paid invoice shows it by itself; a failure is said.
    const status = request.query.redirect_status;
    const notice: Notice | null = status === 'failed' ? { kind: 'error', text: 'The payment was not completed: the authentication failed or the card was declined.' } : null;
    const page = await hostedPage(linked, request.params.token, notice);
    setImmediate(() => void pdfRenderer().catch(() => (pdfModule = null)));
    return capabilityHeaders(reply).type('text/html; charset=utf-8').send(page);
  });

  if (paymentForm !== null) {
    app.post<{ Params: { token: string } }>('/i/:token/pay', async (request, reply) => {
      const token = request.params.token;
      const linked = await resolveLink(deps, request, token);
      if (!linked) return notFound(reply);
      if (!sameOriginPost(request)) return capabilityHeaders(reply).code(403).type('text/html; charset=utf-8').send(forbiddenPage());
      // Paid, voided or uncollectible meanwhile (a second click, another tab): the page says what it is now.
      if (linked.invoice.status !== 'open') return capabilityHeaders(reply).code(303).header('location', `/i/${token}`).send();
      const outcome = await paymentForm.pay(deps, request, { account: linked.ctx.account, invoice: linked.invoice }, token);
      if ('redirect' in outcome) return capabilityHeaders(reply).code(303).header('location', outcome.redirect).send();
      const again = await resolveLink(deps, request, token);
      if (!again) return notFound(reply);
      return capabilityHeaders(reply).code(outcome.notice.kind === 'error' ? 402 : 200).type('text/html; charset=utf-8').send(await hostedPage(again, token, outcome.notice));
    });
  }

  app.get<{ Params: { token: string } }>('/i/:token/pdf', async (request, reply) => {
    const linked = await resolveLink(deps, request, request.params.token);
    if (!linked) return notFound(reply);
    const key = `${linked.ctx.account}:${linked.invoice.id}`;
    const { bytes, cached } = await pdfs.get(key, PdfCache.version(linked.json, settings), async () =>
      (await pdfRenderer()).renderInvoicePdf(invoiceView(await displayInput(linked.ctx, linked.invoice, settings))),
    );
    const name = `Invoice-${(linked.invoice.number ?? linked.invoice.id).replace(/[^A-Za-z0-9_-]/g, '_')}.pdf`;
    return capabilityHeaders(reply)
      .header('x-invoicekit-pdf-cache', cached ? 'hit' : 'miss')
      .header('content-disposition', `inline; filename="${name}"`)
      .type('application/pdf')
      .send(bytes);
  });
}
