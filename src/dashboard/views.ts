// The dashboard's pages as markup: sign-in, lists with search and paging, an object's page.
import { html, type Html } from '../pages/html.ts';
import type { ResourceDef, ListResult, Filters } from './resources.ts';
import type { DeliveryPage } from '../events/delivery-log.ts';

export function loginBody(error: string | null): Html {
  return html`<section class="card" style="max-width:460px;margin:40px auto">
<h1>Sign in</h1>
<p class="muted">Use a secret key (<code>sk_test_…</code>): the dashboard shows that key's account, and only it.</p>
${error ? html`<p role="alert" style="color:#b3093c">${error}</p>` : ''}
<form method="post" action="/dashboard/login" class="search" style="flex-direction:column">
<label for="key">Secret key</label>
<input id="key" name="key" type="password" autocomplete="off" required placeholder="sk_test_...">
<button type="submit">Sign in</button>
</form>
</section>`;
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function listBody(def: ResourceDef, result: ListResult, f: Filters, paging: { backwards: boolean; hadCursor: boolean }, note: string | null): Html {
  const first = result.data[0]?.id as string | undefined;
  const last = result.data[result.data.length - 1]?.id as string | undefined;
  // As the API: more in the direction walked is has_more; the other way there is more whenever a cursor was used.
  const hasNext = paging.backwards ? paging.hadCursor : result.has_more;
  const hasPrev = paging.backwards ? result.has_more : paging.hadCursor;
  const keep = { q: f.q, status: f.status };
  return html`<h1>${def.title}</h1>
<form class="search" method="get" action="/dashboard/${def.path}" role="search">
<input name="q" value="${f.q ?? ''}" placeholder="${def.searchHint}" aria-label="Search ${def.title.toLowerCase()}">
${def.statuses ? html`<select name="status" aria-label="Status"><option value="">Any status</option>${def.statuses.map((s) => html`<option value="${s}" ${s === f.status ? 'selected' : ''}>${s}</option>`)}</select>` : ''}
<button type="submit">Search</button>
</form>
${note ? html`<p class="muted">${note}</p>` : ''}
<section class="card scroll">
<table>
<thead><tr>${def.columns.map((c) => html`<th class="${c.num ? 'num' : ''}">${c.label}</th>`)}</tr></thead>
<tbody>
${result.data.length === 0 ? html`<tr><td colspan="${def.columns.length}" class="muted">Nothing here.</td></tr>` : ''}
${result.data.map((o) => html`<tr>${def.columns.map((c) => html`<td class="${c.num ? 'num' : ''}">${c.cell(o)}</td>`)}</tr>`)}
</tbody>
</table>
<nav class="pager">
${hasPrev && first ? html`<a rel="prev" href="/dashboard/${def.path}${query({ ...keep, ending_before: first })}">← Previous</a>` : ''}
${hasNext && last ? html`<a rel="next" href="/dashboard/${def.path}${query({ ...keep, starting_after: last })}">Next →</a>` : ''}
</nav>
</section>`;
}

export function jsonBlock(title: string, value: unknown): Html {
  return html`<section class="card"><h2>${title}</h2><pre data-json>${JSON.stringify(value, null, 2)}</pre></section>`;
}

function time(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function deliveriesBody(endpointId: string, page: DeliveryPage, before: number | undefined, resent: string | null): Html {
  const last = page.data[page.data.length - 1];
  return html`<section class="card scroll"><h2>Deliveries</h2>
${resent ? html`<p role="status" class="muted">Delivery ${resent} is queued to be sent again.</p>` : ''}
<table class="deliveries">
<thead><tr><th>Event</th><th>Status</th><th>Attempts</th><th></th></tr></thead>
<tbody>
${page.data.length === 0 ? html`<tr><td colspan="4" class="muted">No deliveries yet.</td></tr>` : ''}
${page.data.map(
  (d) => html`<tr data-delivery="${d.id}" data-status="${d.status}">
<td><a href="/dashboard/events/${d.eventId}">${d.eventId}</a><div class="muted">${d.eventType}</div></td>
<td><span class="badge ${d.status === 'delivered' ? 'paid' : d.status === 'failed' ? 'uncollectible' : 'open'}">${d.status}</span>${d.nextAttempt !== null ? html`<div class="muted">next ${time(d.nextAttempt)}</div>` : ''}</td>
<td>${d.attempts.length === 0 ? html`<span class="muted">none yet</span>` : ''}${d.attempts.map(
    (a) => html`<div class="attempt">${time(a.at)} · ${a.httpStatus === null ? 'no response' : `HTTP ${a.httpStatus}`} · ${a.delivered ? 'succeeded' : 'failed'}${a.error && a.httpStatus === null ? html` <span class="muted">(${a.error})</span>` : ''}</div>`,
  )}</td>
<td class="actions"><form method="post" action="/dashboard/webhook_endpoints/${endpointId}/deliveries/${d.id}/resend"><button type="submit">Resend</button></form></td>
</tr>`,
)}
</tbody></table>
<nav class="pager">
${before !== undefined ? html`<a href="/dashboard/webhook_endpoints/${endpointId}">Newest</a>` : ''}
${page.hasMore && last ? html`<a rel="next" href="/dashboard/webhook_endpoints/${endpointId}?before=${last.id}">Older →</a>` : ''}
</nav>
</section>`;
}

export function messageBody(title: string, message: string): Html {
  return html`<section class="card"><h1>${title}</h1><p>${message}</p></section>`;
}
