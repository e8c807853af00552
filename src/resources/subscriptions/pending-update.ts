// `payment_behavior=pending_if_incomplete` (Stripe's pending updates): an update that makes an
// invoice goes into effect only once that invoice is paid. Unpaid at once, the subscription stays
// as it was ("continue to cycle as if no update request was made"), `latest_invoice` is the open
// invoice, and `pending_update` shows what paying it applies (`billing_cycle_anchor`,
// `subscription_items`, `trial_end`, `trial_from_plan`, `expires_at`). Paid later: applied
// (`customer.subscription.pending_update_applied`); unpaid 23 hours after the request: discarded
// (`customer.subscription.pending_update_expired`, on the customer's clock); the invoice voided:
// discarded. Only the parameters Stripe's pending updates reference lists are accepted with it.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { loadInvoice } from '../invoices/service.ts';
import { itemRefs } from './repository.ts';
import { INCOMPLETE_EXPIRY, lockSubscription, periodOf, saveSubscription, setPeriod } from './state.ts';
import { ENDED, type Subscription } from './model.ts';
import type { UpdateSubscription } from './params.ts';

/** "The supported attributes for the update subscription endpoint" (pending updates reference), and metadata (2026-05-27.dahlia). */
const ALLOWED = new Set(['payment_behavior', 'proration_behavior', 'proration_date', 'billing_cycle_anchor', 'items', 'trial_end', 'trial_from_plan', 'add_invoice_items', 'metadata']);
const ITEM_ALLOWED = new Set(['id', 'price', 'plan', 'quantity']);

/** Where the pending update comes from: `DELETE /v1/subscription_items/:id` stages a deletion (2026-02-25.clover changelog). */
export interface PendingSource {
  itemDeletion?: boolean;
}

export function checkPendingParams(p: UpdateSubscription, source: PendingSource = {}): void {
  for (const [key, value] of Object.entries(p)) {
    if (value !== undefined && !ALLOWED.has(key))
      throw errors.invalidRequest(
        `You can't pass \`${key}\` with payment_behavior=pending_if_incomplete: pending updates support only billing_cycle_anchor, items (price, quantity), proration_behavior, proration_date, trial_end, trial_from_plan and add_invoice_items.`,
        key,
      );
  }
  for (const [i, item] of (p.items ?? []).entries())
    for (const [key, value] of Object.entries(item))
      if (value !== undefined && !ITEM_ALLOWED.has(key) && !(source.itemDeletion && key === 'deleted'))
        throw errors.invalidRequest(`You can't pass \`items[${i}][${key}]\` with payment_behavior=pending_if_incomplete: pending updates support only an item's price and quantity.`, `items[${i}][${key}]`);
}

type Update = (ctx: Ctx, id: string, p: UpdateSubscription) => Promise<Subscription>;

/** Runs the update; when it left an unpaid invoice, puts the subscription back and keeps the change pending. */
export async function updateIfPaid(ctx: Ctx, id: string, p: UpdateSubscription, update: Update, source: PendingSource = {}): Promise<Subscription> {
  checkPendingParams(p, source);
  const before = structuredClone(await lockSubscription(ctx, id));
  if (ENDED.has(before.status)) return update(ctx, id, { ...p, payment_behavior: undefined });
  if (before.collection_method !== 'charge_automatically')
    throw errors.invalidRequest('Pending updates are not supported for subscriptions with collection_method=send_invoice.', 'payment_behavior');
  const { metadata, ...rest } = p;
  const after = await update(ctx, id, { ...rest, payment_behavior: 'allow_incomplete' });
  const invoiceId = after.latest_invoice;
  if (invoiceId === before.latest_invoice || invoiceId === null) return metadata === undefined ? after : update(ctx, id, { metadata });
  const inv = await loadInvoice(ctx, invoiceId);
  if (inv.status === 'paid') return metadata === undefined ? after : update(ctx, id, { metadata });
  // Unpaid: the subscription as it was, with the open invoice and what paying it applies.
  const beforeIds = new Set(before.items.data.map((i) => i.id));
  const afterIds = new Set(after.items.data.map((i) => i.id));
  const added = after.items.data.filter((i) => !beforeIds.has(i.id)).map((i) => i.id);
  const removed = before.items.data.filter((i) => !afterIds.has(i.id)).map((i) => i.id);
  const anchorChanged = after.billing_cycle_anchor !== before.billing_cycle_anchor;
  const trialChanged = after.trial_end !== before.trial_end;
  const expires = ctx.now + INCOMPLETE_EXPIRY;
  const restored: Subscription = {
    ...before,
    latest_invoice: invoiceId,
    pending_update: {
      billing_cycle_anchor: anchorChanged ? after.billing_cycle_anchor : null,
      expires_at: expires,
      subscription_items: after.items.data,
      trial_end: trialChanged ? after.trial_end : null,
      trial_from_plan: p.trial_from_plan ?? null,
      ...(metadata === undefined ? {} : { metadata }),
    },
  };
  restored.internal = {
    ...before.internal,
    // The update's save moved the timers: their bookkeeping is the update's.
    next_action_at: after.internal.next_action_at,
    scheduled: after.internal.scheduled,
    trial_notice_at: after.internal.trial_notice_at,
    pending: {
      invoice: invoiceId,
      items: after.items.data,
      added,
      removed,
      anchor: after.billing_cycle_anchor,
      period: anchorChanged ? periodOf(after) : null,
      interval: after.internal.interval!,
      trial_end: after.trial_end,
      status: after.status === 'past_due' ? before.status : after.status,
    },
  };
  for (const itemId of added) await itemRefs.remove(ctx, itemId);
  for (const itemId of removed) await itemRefs.insert(ctx, { id: itemId, object: 'subscription_item_ref', subscription: before.id, created: ctx.now });
  await saveSubscription(ctx, restored);
  return restored;
}

/** The pending update's invoice was paid: the change goes into effect. */
export async function applyPendingUpdate(ctx: Ctx, sub: Subscription): Promise<void> {
  const change = sub.internal.pending;
  if (!change) return;
  const period = change.period ?? periodOf(sub);
  sub.items.data = change.items;
  sub.billing_cycle_anchor = change.anchor;
  sub.internal.interval = change.interval;
  sub.trial_end = change.trial_end;
  if (sub.status === 'active' || sub.status === 'trialing' || sub.status === 'past_due') sub.status = change.status === 'trialing' ? 'trialing' : 'active';
  setPeriod(sub, period);
  const metadata = sub.pending_update?.metadata as Record<string, string> | undefined;
  if (metadata) sub.metadata = { ...sub.metadata, ...metadata };
  for (const itemId of change.removed) await itemRefs.remove(ctx, itemId);
  for (const itemId of change.added) await itemRefs.insert(ctx, { id: itemId, object: 'subscription_item_ref', subscription: sub.id, created: ctx.now });
  sub.pending_update = null;
  sub.internal.pending = null;
  await saveSubscription(ctx, sub);
  ctx.work?.emitFor('customer.subscription.pending_update_applied', sub);
}

/** Expired (23 hours) or its invoice voided: the change is dropped. */
export async function discardPendingUpdate(ctx: Ctx, sub: Subscription, why: 'expired' | 'voided'): Promise<void> {
  sub.pending_update = null;
  sub.internal.pending = null;
  await saveSubscription(ctx, sub);
  if (why === 'expired') ctx.work?.emitFor('customer.subscription.pending_update_expired', sub);
}
