// POST /v1/subscriptions/:id: items (price, quantity, added, deleted) with prorations as
// `proration_behavior` says, the billing cycle anchor reset (`billing_cycle_anchor=now`, an
// interval change, or a trial ended with `trial_end=now`) which bills at once, cancellation at
// period end or at a time, `pause_collection`, and the plain fields.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { boundary, sameCycle } from '../../billing/billing-period.ts';
import { customerRef } from '../customers/service.ts';
import { checkOwnedBy } from '../payment-methods/service.ts';
import { resolveDiscounts } from '../discounts/service.ts';
import { itemRefs } from './repository.ts';
import { checkCycle, cycleMismatch, itemPrice, newItem, planOf } from './items.ts';
import { taxRateSnapshots } from '../invoice-items/tax-rates.ts';
import { invoiceFor, itemLine, payNow, type PayOutcome } from './billing.ts';
import { createProrations, changesAmount, type ItemChange } from './prorate.ts';
import { lockSubscription, periodOf, saveSubscription, setPeriod } from './state.ts';
import { parseTrialEnd } from './create.ts';
import { recordInvoiceDebits } from './debits.ts';
import { setPendingInterval } from './pending-interval.ts';
import { isMixed, itemPeriodAt, mixedAllowed } from './mixed-interval.ts';
import { ENDED, type Subscription, type SubscriptionItem } from './model.ts';
import type { UpdateSubscription } from './params.ts';
import { updateIfPaid } from './pending-update.ts';
import { isCancelAtEnum, parseCancelAt, resolveCancelAt } from './cancel-at.ts';
import { addInvoiceItems } from './add-invoice-items.ts';
import { cancelAtProrations, hasCancelCredit, newPeriodForCancelCredit } from './cancel-at-prorations.ts';

/** What Stripe lets change on a canceled subscription (fjordllc/bootcamp#10095, 2026 wording). */
const AFTER_END = new Set(['metadata', 'cancellation_details']);
/** "Only metadata and default_source may be updated while incomplete" (Subscription.status). */
const WHILE_INCOMPLETE = new Set(['metadata', 'default_source']);

/** After an update's invoice: paid → active; a failed payment → past_due (allow_incomplete, default_incomplete). */
async function settle(ctx: Ctx, sub: Subscription, outcome: PayOutcome): Promise<Subscription> {
  if (outcome.paid && (sub.status === 'past_due' || sub.status === 'unpaid')) sub.status = 'active';
  else if (!outcome.paid && outcome.invoice.collection_method === 'charge_automatically' && sub.status === 'active') sub.status = 'past_due';
  await saveSubscription(ctx, sub);
  return sub;
}

export async function updateSubscription(ctx: Ctx, id: string, p: UpdateSubscription): Promise<Subscription> {
  if (p.payment_behavior === 'pending_if_incomplete') return updateIfPaid(ctx, id, p, updateSubscription);
  const sub = await lockSubscription(ctx, id);
  const keys = Object.keys(p);
  if (ENDED.has(sub.status)) {
    const blocked = keys.find((k) => !AFTER_END.has(k));
    if (blocked) throw errors.invalidRequest('A canceled subscription can only update its cancellation_details and metadata.', blocked);
  }
  if (sub.status === 'incomplete') {
    const blocked = keys.find((k) => !WHILE_INCOMPLETE.has(k));
    if (blocked)
      throw errors.invalidRequest(`This subscription is incomplete: only metadata and default_source can be updated until its first invoice is paid.`, blocked);
  }
  if (p.default_source !== undefined) throw errors.resourceMissing('source', p.default_source, 'default_source');
  if (p.cancel_at !== undefined && p.cancel_at !== null && p.cancel_at_period_end) throw errors.onlyOneOf(['cancel_at', 'cancel_at_period_end']);
  const behavior = p.proration_behavior ?? 'create_prorations';
  const now = ctx.now;
  const at = p.proration_date ?? now;
  const period = periodOf(sub);
  if (p.proration_date !== undefined && (p.proration_date < period.start || p.proration_date > period.end))
    throw errors.invalidRequest('The proration_date must be within the current subscription period.', 'proration_date');

  // Plain fields.
  if (p.metadata !== undefined) sub.metadata = applyMetadata(sub.metadata, p.metadata);
  if (p.cancellation_details !== undefined)
    sub.cancellation_details = {
      comment: p.cancellation_details.comment === undefined ? (sub.cancellation_details?.comment ?? null) : p.cancellation_details.comment || null,
      feedback: p.cancellation_details.feedback === undefined ? (sub.cancellation_details?.feedback ?? null) : p.cancellation_details.feedback || null,
      reason: sub.cancellation_details?.reason ?? null,
    };
  if (p.description !== undefined) sub.description = p.description || null;
  if (p.default_payment_method !== undefined)
    sub.default_payment_method = p.default_payment_method ? (await checkOwnedBy(ctx, p.default_payment_method, sub.customer, 'default_payment_method')).id : null;
  if (p.default_tax_rates !== undefined) sub.default_tax_rates = p.default_tax_rates === null ? [] : await taxRateSnapshots(ctx, p.default_tax_rates, 'default_tax_rates');
  if (p.discounts !== undefined) sub.discounts = p.discounts === null ? [] : await resolveDiscounts(ctx, p.discounts, { customer: sub.customer, subscription: sub.id });
  if (p.collection_method !== undefined) sub.collection_method = p.collection_method;
  if (p.days_until_due !== undefined) {
    if (sub.collection_method !== 'send_invoice') throw errors.invalidRequest('days_until_due can only be set when collection_method is send_invoice.', 'days_until_due');
    sub.days_until_due = p.days_until_due;
  }
  if (sub.collection_method === 'charge_automatically') sub.days_until_due = null;
  if (p.payment_settings?.save_default_payment_method !== undefined) sub.payment_settings.save_default_payment_method = p.payment_settings.save_default_payment_method;
  await setPendingInterval(ctx, sub, p.pending_invoice_item_interval);
  if (p.trial_settings !== undefined) sub.trial_settings = { end_behavior: { missing_payment_method: p.trial_settings.end_behavior.missing_payment_method } };
  if (p.pause_collection !== undefined)
    sub.pause_collection = p.pause_collection === null ? null : { behavior: p.pause_collection.behavior, resumes_at: p.pause_collection.resumes_at ?? null };
  const oldCancelAt = sub.cancel_at;
  if (p.cancel_at_period_end !== undefined) {
    sub.cancel_at_period_end = p.cancel_at_period_end;
    if (p.cancel_at_period_end) sub.cancel_at = null;
  }
  // An enum is resolved below, once this request's changes to the items' periods are made.
  const cancelAt = parseCancelAt(p.cancel_at);
  if (cancelAt !== undefined) {
    if (typeof cancelAt === 'number' && cancelAt <= now) throw errors.invalidTimestampFuture('cancel_at');
    sub.cancel_at = typeof cancelAt === 'number' ? cancelAt : null;
    if (cancelAt !== null) sub.cancel_at_period_end = false;
  }
  if (p.cancel_at_period_end !== undefined || cancelAt !== undefined) {
    const cancelling = sub.cancel_at_period_end || (cancelAt ?? sub.cancel_at) !== null;
    // `canceled_at`: when the cancellation was requested (for period-end cancels, the request's time).
    sub.canceled_at = cancelling ? now : null;
    sub.cancellation_details = { comment: sub.cancellation_details?.comment ?? null, feedback: sub.cancellation_details?.feedback ?? null, reason: cancelling ? 'cancellation_requested' : null };
  }

  // Items.
  const oldItems = sub.items.data;
  const changes: ItemChange[] = [];
  if (p.items !== undefined) {
    const byId = new Map(sub.items.data.map((i) => [i.id, i]));
    const next: SubscriptionItem[] = [...sub.items.data];
    for (const [i, edit] of p.items.entries()) {
      const param = `items[${i}]`;
      const existing = edit.id !== undefined ? byId.get(edit.id) : undefined;
      if (edit.id !== undefined && !existing) throw errors.resourceMissing('subscription_item', edit.id, `${param}[id]`);
      if (existing && edit.deleted) {
        next.splice(next.indexOf(existing), 1);
        await itemRefs.remove(ctx, existing.id);
        changes.push({ before: existing, after: null });
        continue;
      }
      if (!existing) {
        const price = await itemPrice(ctx, edit, param);
        const item = await newItem(ctx, sub, price, edit, param, !sameCycle(sub.internal.interval!, price.recurring!) ? itemPeriodAt(sub, price, at) : period);
        next.push(item);
        await itemRefs.insert(ctx, { id: item.id, object: 'subscription_item_ref', subscription: sub.id, created: now });
        changes.push({ before: null, after: item });
        continue;
      }
      const updated: SubscriptionItem = structuredClone(existing);
      if (edit.price !== undefined || edit.plan !== undefined || edit.price_data !== undefined) {
        updated.price = await itemPrice(ctx, edit, param);
        updated.plan = planOf(updated.price);
      }
      if (edit.quantity !== undefined) updated.quantity = edit.quantity;
      if (edit.metadata !== undefined) updated.metadata = applyMetadata(updated.metadata, edit.metadata);
      if (edit.tax_rates !== undefined) updated.tax_rates = edit.tax_rates === null ? [] : await taxRateSnapshots(ctx, edit.tax_rates, `${param}[tax_rates]`);
      if (edit.discounts !== undefined) updated.discounts = edit.discounts === null ? [] : await resolveDiscounts(ctx, edit.discounts, { customer: sub.customer, subscription: sub.id, subscriptionItem: updated.id }, `${param}[discounts]`);
      next[next.indexOf(existing)] = updated;
      changes.push({ before: existing, after: updated });
    }
    if (next.length === 0) throw errors.invalidRequest('A subscription must have at least one item.', 'items');
    if (next.length > 20) throw errors.tooManyItems('items', 20);
    // Every price shares the currency; an interval change is allowed only when every item changes to the new one.
    const first = next[0].price;
    for (const [i, item] of next.entries()) if (item.price.currency !== sub.currency) throw cycleMismatch('currency', `items[${i}]`);
    for (const [i, item] of next.entries()) checkCycle({ currency: sub.currency, internal: { interval: first.recurring! } }, item.price, `items[${i}]`, mixedAllowed(ctx, sub.billing_mode.type));
    // With mixed intervals each item keeps its own period: an item's own interval change (which would restart its period) is not handled.
    if ((isMixed(sub.items.data) || isMixed(next)) && changes.some((c) => c.before && c.after && !sameCycle(c.before.price.recurring!, c.after.price.recurring!)))
      throw errors.notSupported("Changing an item's interval in a subscription with mixed intervals", 'items');
    sub.items.data = next;
  }

  const newInterval = sub.items.data[0].price.recurring!;
  // A mixed-interval subscription whose first item changed keeps every item's period (mixed-interval.ts).
  if (isMixed(sub.items.data)) sub.internal.interval = { interval: newInterval.interval, interval_count: newInterval.interval_count };
  const intervalChanged = !sameCycle(sub.internal.interval!, newInterval);
  const trialEnd = parseTrialEnd(p.trial_end, now);
  const endTrialNow = trialEnd === now && sub.status === 'trialing';
  if (trialEnd !== undefined && trialEnd > now) {
    // A new or moved trial: the period runs to it, billed then.
    sub.trial_end = trialEnd;
    sub.trial_start ??= now;
    sub.status = 'trialing';
    sub.billing_cycle_anchor = trialEnd;
    sub.billing_cycle_anchor_config = null;
    setPeriod(sub, { start: period.start, end: trialEnd });
  }
  const resetAnchor = p.billing_cycle_anchor === 'now' || intervalChanged || endTrialNow;
  const prorating = behavior !== 'none' && sub.status !== 'trialing' && !endTrialNow;
  const moneyMoves = changes.some(changesAmount);

  // Pending for the subscription's next invoice (add-invoice-items.ts): the reset's, or a renewal.
  const added = await addInvoiceItems(ctx, sub, p.add_invoice_items ?? []);
  if (resetAnchor) {
    // Credit what is unused of the old period, then bill a whole new period from now. That credit
    // covers the old period's cancel_at credit too, so the latter is charged back first.
    if (prorating) {
      await cancelAtProrations(ctx, sub, null, sub.billing_mode.type, oldItems);
      await createProrations(ctx, sub, oldItems.map((before): ItemChange => ({ before, after: null })), at, period);
    }
    if (endTrialNow) {
      sub.trial_end = now;
      sub.status = 'active';
    }
    sub.internal.interval = { interval: newInterval.interval, interval_count: newInterval.interval_count };
    sub.billing_cycle_anchor = now;
    sub.billing_cycle_anchor_config = null;
    const fresh = { start: now, end: boundary(now, newInterval.interval, newInterval.interval_count, 1) };
    setPeriod(sub, fresh);
    if (isCancelAtEnum(cancelAt)) sub.cancel_at = resolveCancelAt(cancelAt, sub.items.data);
    // The new period is billed whole below: a cancel_at inside it credits the time after it.
    // Its debits are recorded after its invoice, so the credit is priced on the period (classic).
    newPeriodForCancelCredit(sub);
    // A trial ended now: cancel_at lies in a period after the one it was set in, which Stripe
    // "will always" prorate.
    if (prorating || endTrialNow) await cancelAtProrations(ctx, sub, sub.cancel_at, 'classic');
    await saveSubscription(ctx, sub);
    const lines = [];
    for (const item of sub.items.data) lines.push(await itemLine(ctx, sub, item, fresh));
    const customer = await customerRef(ctx, sub.customer);
    const inv = await invoiceFor(ctx, sub, customer, { billingReason: 'subscription_update', lines, pending: { kind: 'subscription' }, period: { start: now, end: now } });
    sub.latest_invoice = inv.id;
    await recordInvoiceDebits(ctx, sub, inv.id);
    await saveSubscription(ctx, sub);
    return settle(ctx, sub, await payNow(ctx, inv, p.payment_behavior ?? 'allow_incomplete'));
  }

  if (isCancelAtEnum(cancelAt)) sub.cancel_at = resolveCancelAt(cancelAt, sub.items.data);
  // always_invoice invoices the added one-time items too in classic mode; in flexible mode they stay
  // pending (Stripe's pending updates page: "In flexible billing mode, the charges remain pending").
  const withAdded = behavior === 'always_invoice' && sub.billing_mode.type === 'classic' ? added : [];
  // A cancel_at that moves within the current period prorates like a change (cancel-at-prorations.ts).
  // An item change under a credited cancel_at: the credit is charged back on the old items first and
  // made again on the new ones, so the change prorates the whole rest of the period.
  const cancelMoves = prorating && (sub.cancel_at !== oldCancelAt || (moneyMoves && hasCancelCredit(sub)));
  if ((moneyMoves && prorating) || withAdded.length > 0 || cancelMoves) {
    const ids = [
      ...(cancelMoves && moneyMoves ? await cancelAtProrations(ctx, sub, null, sub.billing_mode.type, oldItems) : []),
      ...(moneyMoves && prorating ? await createProrations(ctx, sub, changes, at, period) : []),
      ...(cancelMoves ? await cancelAtProrations(ctx, sub, sub.cancel_at) : []),
      ...withAdded,
    ];
    if (behavior === 'always_invoice' && ids.length > 0) {
      await saveSubscription(ctx, sub);
      const customer = await customerRef(ctx, sub.customer);
      const inv = await invoiceFor(ctx, sub, customer, {
        billingReason: 'subscription_update', lines: [], pending: { kind: 'only', ids }, period: { start: now, end: now }, prorationDate: at,
      });
      sub.latest_invoice = inv.id;
      await saveSubscription(ctx, sub);
      return settle(ctx, sub, await payNow(ctx, inv, p.payment_behavior ?? 'allow_incomplete'));
    }
  }
  await saveSubscription(ctx, sub);
  return sub;
}
