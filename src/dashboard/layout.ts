// The dashboard's page shell: the resource navigation, then the page.
import { html, type Html } from '../pages/html.ts';
import { document } from '../pages/document.ts';
import { RESOURCES } from './resources.ts';

/** The navigation: every resource the dashboard lists, in its own order (one list, so a new resource is never left out). */
const NAV: [string, string][] = RESOURCES.map((r) => [r.path, r.title]);

const DASH_CSS = `
header.top{background:#1a1f36;color:#fff;padding:10px 16px;display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center}
header.top a{color:#c1c9d2;text-decoration:none}header.top a.here{color:#fff;font-weight:600}
header.top .brand{color:#fff;font-weight:700;margin-right:8px}
header.top form{margin-left:auto}header.top button{background:none;border:1px solid #697386;color:#c1c9d2;border-radius:4px;padding:2px 8px;font:inherit;cursor:pointer}
main.wide{max-width:1100px}
form.search{display:flex;gap:8px;flex-wrap:wrap;margin:0 0 12px}form.search input,form.search select{padding:6px 8px;border:1px solid #d5dbe1;border-radius:6px;font:inherit;min-width:0;flex:1 1 200px}
form.search button{padding:6px 12px;border-radius:6px;border:1px solid #5851df;background:#5851df;color:#fff;font:inherit}
.pager{display:flex;gap:12px;margin-top:12px}
.scroll{overflow-x:auto}
td form{margin:0}
`;

export function dashboardPage(title: string, here: string | null, body: Html, signedIn = true): string {
  const nav = signedIn
    ? html`<header class="top"><span class="brand">InvoiceKit</span>${NAV.map(([path, label]) => html`<a href="/dashboard/${path}" class="${path === here ? 'here' : ''}">${label}</a>`)}
<form method="post" action="/dashboard/logout"><button type="submit">Sign out</button></form></header>`
    : html`<header class="top"><span class="brand">InvoiceKit</span></header>`;
  return document(`${title} · InvoiceKit`, html`${nav}<main class="wide">${body}</main>`, 'en', DASH_CSS);
}
