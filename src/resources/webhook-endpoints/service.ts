// Webhook endpoints: where an account's events are POSTed (delivery: src/events/deliver.ts).
// The signing secret is kept under `internal` and shown only in the create response.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { listStoredPage } from '../../http/list.ts';
import { newId } from '../../store/ids.ts';
import { endpoints } from './repository.ts';
import { isKnownVersion, VERSIONS } from '../../versions/registry.ts';
import { lastEventSeq, type StoredEndpoint } from '../../events/endpoints.ts';
import { isKnownEventType } from '../../events/types.ts';
import { newSecret } from '../../events/signing.ts';
import { hooksDb } from '../../events/tables.ts';
import { findById } from '../lookup.ts';
import type { CreateEndpoint, ListEndpoints, UpdateEndpoint } from './params.ts';

const RESOURCE = 'webhook endpoint';
/** Stripe's cap on webhook endpoints per account and mode. */
const MAX_ENDPOINTS = 16;

function checkUrl(url: string): string {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  // Stripe's answer to a URL it cannot use (code url_invalid). Test mode takes http:// too.
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '')
    throw errors.invalidRequest('Not a valid URL', 'url', 'url_invalid');
  return url;
}

function checkEvents(events: string[]): string[] {
  if (events.length === 0) throw errors.invalidRequest('enabled_events must contain at least one event type (or `*` for all of them).', 'enabled_events');
  events.forEach((type, i) => {
    if (type !== '*' && !isKnownEventType(type))
      throw errors.invalidRequest(
        `Invalid enabled_events[${i}]: '${type}' is not an event type. Use \`*\` for every event, or types such as invoice.paid (the list: https://docs.stripe.com/api/events/types).`,
        `enabled_events[${i}]`,
      );
  });
  return [...new Set(events)];
}

export async function createEndpoint(ctx: Ctx, p: CreateEndpoint): Promise<object> {
  if (p.connect === true) throw errors.notSupported('Connect webhook endpoints (`connect=true`)', 'connect');
  if (p.api_version !== undefined && !isKnownVersion(p.api_version))
    throw errors.invalidRequest(
      `Invalid api_version: ${p.api_version}. InvoiceKit renders events at ${VERSIONS[0]} through ${VERSIONS[VERSIONS.length - 1]} (see docs/versions).`,
      'api_version',
    );
  const url = checkUrl(p.url);
  const enabled = checkEvents(p.enabled_events);
  if ((await endpoints.count(ctx, {})) >= MAX_ENDPOINTS)
    throw errors.invalidRequest(`You have reached the maximum of ${MAX_ENDPOINTS} test webhook endpoints.`, 'url');
  const secret = newSecret();
  const ep: StoredEndpoint = {
    id: newId('we'),
    object: 'webhook_endpoint',
    api_version: p.api_version ?? null,
    application: null,
    created: ctx.now,
    description: p.description || null,
    enabled_events: enabled,
    livemode: false,
    metadata: applyMetadata({}, p.metadata),
    status: 'enabled',
    url,
    internal: { secret, after_seq: await lastEventSeq(ctx.db, ctx.account) },
  };
  await endpoints.insert(ctx, ep);
  // The secret is shown this once, in Stripe's key order (after metadata).
  const { status, url: u, internal: _internal, ...head } = ep;
  return { ...head, secret, status, url: u };
}

export async function retrieveEndpoint(ctx: Ctx, id: string): Promise<StoredEndpoint> {
  // `internal` (the secret) is hidden from every response by the version renderer.
  return findById(ctx, endpoints, id, RESOURCE);
}

export async function updateEndpoint(ctx: Ctx, id: string, p: UpdateEndpoint): Promise<StoredEndpoint> {
  const ep = await findById(ctx, endpoints, id, RESOURCE);
  if (p.url !== undefined) ep.url = checkUrl(p.url);
  if (p.enabled_events !== undefined) ep.enabled_events = checkEvents(p.enabled_events);
  if (p.description !== undefined) ep.description = p.description || null;
  ep.metadata = applyMetadata(ep.metadata as Record<string, string>, p.metadata);
  if (p.disabled !== undefined) {
    const status = p.disabled ? 'disabled' : 'enabled';
    // Stripe: once an endpoint is disabled, the events it had not received are not retried.
    if (status === 'disabled' && ep.status === 'enabled') await cancelPending(ctx, ep.id);
    ep.status = status;
  }
  await endpoints.update(ctx, ep);
  return ep;
}

export async function deleteEndpoint(ctx: Ctx, id: string): Promise<object> {
  const ep = await findById(ctx, endpoints, id, RESOURCE);
  await cancelPending(ctx, ep.id);
  return endpoints.delete(ctx, ep);
}

export function listEndpoints(ctx: Ctx, p: ListEndpoints) {
  return listStoredPage(ctx, endpoints, '/v1/webhook_endpoints', p, {}, RESOURCE);
}

async function cancelPending(ctx: Ctx, endpoint: string): Promise<void> {
  await hooksDb(ctx.db)
    .updateTable('webhook_deliveries')
    .set({ status: 'canceled', updated: ctx.now })
    .where('endpoint', '=', endpoint)
    .where('status', '=', 'pending')
    .where('account', '=', ctx.account)
    .execute();
}
