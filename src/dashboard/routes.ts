// /dashboard: browse what one account holds. Server-rendered, no script; every read goes
// through the resources' services with a context for the signed-in key's account.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../http/route.ts';
import type { Ctx } from '../http/context.ts';
import { StripeError } from '../http/errors.ts';
import { StoredAnswer } from '../http/stored-answer.ts';
import { LATEST } from '../versions/registry.ts';
import { renderAtVersion } from '../versions/render.ts';
import { loaderFor } from '../work/loader.ts';
import { html, type Html } from '../pages/html.ts';
import { displayInput } from '../pages/load.ts';
import { invoiceView } from '../pages/view.ts';
import { invoiceDocumentBody } from '../pages/invoice-page.ts';
import { listInvoices } from '../resources/invoices/service.ts';
import type { Invoice } from '../resources/invoices/model.ts';
import { listDeliveries, resendDelivery } from '../events/delivery-log.ts';
import { dashboardPage } from './layout.ts';
import { pageReadCtx } from '../pages/read-context.ts';
import { link, looksLikeId, resourceAt, RESOURCES, type Filters } from './resources.ts';
import { checkKey, clearSession, sameOrigin, sessionAccount, setSession } from './session.ts';
import { deliveriesBody, jsonBlock, listBody, loginBody, messageBody } from './views.ts';

/** The services answer reads as stored JSON text for the API (http/stored-answer.ts); the pages read the objects. */
function parsedAnswer<T extends object>(answer: T | StoredAnswer): T {
  return (answer instanceof StoredAnswer ? answer.parsed() : answer) as T;
}

const PAGE_SIZE = 25;

type Query = Record<string, string | undefined>;

function send(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'")
    .type('text/html; charset=utf-8')
    .send(page);
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function dashboardRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const settings = deps.config.display;

  const ctxFor = (request: FastifyRequest, account: string): Ctx => pageReadCtx(deps, request, account);

  /** The signed-in account's context, or a redirect to sign in. */
  const signedIn = (request: FastifyRequest, reply: FastifyReply): Ctx | null => {
    const account = sessionAccount(request, deps.allowedKeys);
    if (account === null) {
      void reply.code(303).header('location', '/dashboard/login').send();
      return null;
    }
    return ctxFor(request, account);
  };

  /** A service's refusal (an unknown id, a cursor not in the list) as a page, not a 500. */
  const failure = (reply: FastifyReply, here: string | null, err: unknown) => {
    if (!(err instanceof StripeError)) throw err;
    const status = err.status === 404 ? 404 : 400;
    return send(reply, status, dashboardPage(status === 404 ? 'Not found' : 'Cannot show this', here, messageBody(status === 404 ? 'Not found' : 'Cannot show this', err.message)));
  };

  app.get('/dashboard', async (request, reply) => {
    const account = sessionAccount(request, deps.allowedKeys);
    return reply.code(303).header('location', account ? '/dashboard/invoices' : '/dashboard/login').send();
  });

  app.get('/dashboard/login', async (_request, reply) => send(reply, 200, dashboardPage('Sign in', null, loginBody(null), false)));

  app.post('/dashboard/login', async (request, reply) => {
    if (!sameOrigin(request)) return send(reply, 403, dashboardPage('Sign in', null, loginBody('Sign in from this server’s own page.'), false));
    const key = str((request.body as Record<string, unknown> | undefined)?.key)?.trim();
    const problem = key === undefined ? 'Enter a secret key.' : checkKey(key, deps.allowedKeys);
    if (problem !== null || key === undefined) return send(reply, 401, dashboardPage('Sign in', null, loginBody(problem), false));
    setSession(request, reply, key, deps.publicUrl?.());
    return reply.code(303).header('location', '/dashboard/invoices').send();
  });

  app.post('/dashboard/logout', async (request, reply) => {
    clearSession(reply);
    return reply.code(303).header('location', '/dashboard/login').send();
  });

  app.get<{ Params: { resource: string }; Querystring: Query }>('/dashboard/:resource', async (request, reply) => {
    const def = resourceAt(request.params.resource);
    if (!def) return send(reply, 404, dashboardPage('Not found', null, messageBody('Not found', 'There is no such list.')));
    const ctx = signedIn(request, reply);
    if (!ctx) return reply;
    const q = request.query;
    const f: Filters = { q: str(q.q)?.trim() || undefined, status: str(q.status) };
    let note: string | null = null;
    if (f.q && looksLikeId(def, f.q)) {
      try {
        const found = parsedAnswer(await def.retrieve(ctx, f.q));
        return reply.code(303).header('location', `/dashboard/${def.path}/${encodeURIComponent(String(found.id))}`).send();
      } catch (err) {
        if (!(err instanceof StripeError)) throw err;
        if (def.path !== 'invoices' && def.path !== 'events' && def.path !== 'customers') {
          note = `No ${def.title.toLowerCase()} with id ${f.q}.`;
        }
      }
    }
    if (f.q && def.path === 'customers' && !f.q.includes('@') && note === null) note = 'Customers are found by id or by exact email.';
    const starting_after = str(q.starting_after);
    const ending_before = starting_after ? undefined : str(q.ending_before);
    try {
      // A search that cannot match (an id that is not there) lists nothing rather than everything.
      const listed = note !== null ? { data: [], has_more: false } : await def.list(ctx, { limit: PAGE_SIZE, starting_after, ending_before }, f);
      const result = parsedAnswer(listed);
      // Newest shape for display: stored-only fields hidden, invoice links filled.
      const data = await renderAtVersion(result.data, LATEST, loaderFor(ctx), ctx);
      const body = listBody(def, { data, has_more: result.has_more }, f, { backwards: ending_before !== undefined, hadCursor: Boolean(starting_after ?? ending_before) }, note);
      return send(reply, 200, dashboardPage(def.title, def.path, body));
    } catch (err) {
      return failure(reply, def.path, err);
    }
  });

  app.get<{ Params: { resource: string; id: string }; Querystring: Query }>('/dashboard/:resource/:id', async (request, reply) => {
    const def = resourceAt(request.params.resource);
    if (!def) return send(reply, 404, dashboardPage('Not found', null, messageBody('Not found', 'There is no such list.')));
    const ctx = signedIn(request, reply);
    if (!ctx) return reply;
    try {
      const obj = parsedAnswer(await def.retrieve(ctx, request.params.id));
      const sections: Html[] = [];
      if (def.path === 'invoices') sections.push(await invoiceSection(ctx, obj as Invoice));
      if (def.path === 'customers' && !obj.deleted) sections.push(await customerInvoices(ctx, obj.id));
      if (def.path === 'webhook_endpoints') {
        const before = Number(str(request.query.before));
        const page = await listDeliveries(ctx.db, ctx.account, obj.id, PAGE_SIZE, Number.isInteger(before) && before > 0 ? before : undefined);
        sections.push(deliveriesBody(obj.id, page, Number.isInteger(before) && before > 0 ? before : undefined, str(request.query.resent) ?? null));
      }
      // Through JSON, not structuredClone: an event's data is pre-rendered JSON only toJSON shows.
      const shown = await renderAtVersion(JSON.parse(JSON.stringify(obj)), LATEST, loaderFor(ctx), ctx);
      const title = titleOf(def.path, shown);
      const body = html`<p class="muted"><a href="/dashboard/${def.path}">${def.title}</a> / ${obj.id}</p><h1>${title}</h1>${sections}${jsonBlock('JSON', shown)}`;
      return send(reply, 200, dashboardPage(title, def.path, body));
    } catch (err) {
      return failure(reply, def.path, err);
    }
  });

  app.post<{ Params: { id: string; delivery: string } }>('/dashboard/webhook_endpoints/:id/deliveries/:delivery/resend', async (request, reply) => {
    if (!sameOrigin(request)) return send(reply, 403, dashboardPage('Refused', null, messageBody('Refused', 'Resend from this server’s own dashboard.')));
    const ctx = signedIn(request, reply);
    if (!ctx) return reply;
    const id = Number(request.params.delivery);
    const ok = Number.isSafeInteger(id) && (await resendDelivery(ctx.db, ctx.account, request.params.id, id, Date.now()));
    await deps.work.store.durable();
    if (!ok) return send(reply, 404, dashboardPage('Not found', 'webhook_endpoints', messageBody('Not found', 'This endpoint has no such delivery.')));
    return reply.code(303).header('location', `/dashboard/webhook_endpoints/${encodeURIComponent(request.params.id)}?resent=${id}`).send();
  });

  async function invoiceSection(ctx: Ctx, invoice: Invoice): Promise<Html> {
    const view = invoiceView(await displayInput(ctx, invoice, settings));
    const [shown] = await renderAtVersion([structuredClone(invoice)], LATEST, loaderFor(ctx), ctx);
    const links = shown.hosted_invoice_url
      ? html`<div class="actions"><a href="${shown.hosted_invoice_url}" data-action="hosted">Hosted invoice page</a><a class="primary" href="${shown.invoice_pdf}" data-action="pdf">Invoice PDF</a></div>`
      : html`<p class="muted">A draft has no hosted page or PDF until it is finalized.</p>`;
    return html`<section class="card"><div class="amount">${view.headline}</div><span class="badge ${view.status}">${view.statusLabel}</span> · customer ${link('customers', invoice.customer, invoice.customer_name ?? invoice.customer)}${links}</section>${invoiceDocumentBody(view)}`;
  }

  async function customerInvoices(ctx: Ctx, customer: string): Promise<Html> {
    const page = await listInvoices(ctx, { limit: 10, customer });
    return html`<section class="card"><h2>Invoices</h2>${page.data.length === 0 ? html`<p class="muted">None.</p>` : ''}<ul>${page.data.map(
      (i) => html`<li>${link('invoices', i.id, i.number ?? `${i.id} (draft)`)} · ${i.status}</li>`,
    )}</ul></section>`;
  }
}

function titleOf(path: string, o: Record<string, any>): string {
  switch (path) {
    case 'invoices':
      return o.number ? `Invoice ${o.number}` : `Draft invoice ${o.id}`;
    case 'customers':
      return o.name ?? o.email ?? o.id;
    case 'products':
      return o.name ?? o.id;
    case 'tax_rates':
      return o.display_name ?? o.id;
    case 'events':
      return `${o.type} ${o.id}`;
    case 'webhook_endpoints':
      return o.url ?? o.id;
    default:
      return o.id;
  }
}

export const DASHBOARD_RESOURCES = RESOURCES.map((r) => r.path);
