// DELETE /v1/subscriptions/:id: ends the subscription now. `prorate` credits the unused time
// (a pending proration item); `invoice_now` bills the pending prorations and items at once in a
// final invoice; with neither, the subscription's pending prorations are removed (Stripe:
// "pending prorations are removed if invoice_now and prorate are both false"); its other
// pending items stay for a later invoice of the customer.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { customerRef } from '../customers/service.ts';
import { deleteInvoiceItem, itemsWhere } from '../invoice-items/service.ts';
import { invoiceFor, payNow } from './billing.ts';
import { createProrations, type ItemChange } from './prorate.ts';
import { endSubscription } from './end.ts';
import { cancelAtProrations } from './cancel-at-prorations.ts';
import { lockSubscription, periodOf } from './state.ts';
import { ENDED, type Subscription } from './model.ts';
import type { CancelSubscription } from './params.ts';

export async function cancelSubscription(ctx: Ctx, id: string, p: CancelSubscription): Promise<Subscription> {
  const sub = await lockSubscription(ctx, id);
  if (ENDED.has(sub.status)) throw errors.invalidRequest(`This subscription has already been canceled: ${sub.id}.`, undefined, 'resource_missing');
  const period = periodOf(sub);
  if (p.prorate && sub.status !== 'trialing' && sub.status !== 'incomplete') {
    // A cancel_at's credit covers part of what is credited now: charged back first, so nothing is credited twice.
    await cancelAtProrations(ctx, sub, null);
    await createProrations(ctx, sub, sub.items.data.map((before): ItemChange => ({ before, after: null })), ctx.now, period);
  }
  const pending = (await itemsWhere(ctx, { customer: sub.customer, pending: true }, true)).filter((i) => i.parent?.subscription_details.subscription === sub.id);
  if (p.invoice_now) {
    // Read again: `prorate` may just have added its credits.
    const all = (await itemsWhere(ctx, { customer: sub.customer, pending: true }, true)).filter((i) => i.parent?.subscription_details.subscription === sub.id).map((i) => i.id);
    if (all.length > 0) {
      const customer = await customerRef(ctx, sub.customer);
      const inv = await invoiceFor(ctx, sub, customer, { billingReason: 'subscription_update', lines: [], pending: { kind: 'only', ids: all }, period: { start: period.start, end: ctx.now } });
      sub.latest_invoice = inv.id;
      if (sub.collection_method === 'charge_automatically') await payNow(ctx, inv, 'allow_incomplete');
    }
  } else if (!p.prorate) {
    for (const item of pending) if (item.proration) await deleteInvoiceItem(ctx, item.id);
  }
  await endSubscription(ctx, sub, {
    reason: 'cancellation_requested',
    comment: p.cancellation_details?.comment ?? null,
    feedback: p.cancellation_details?.feedback ?? null,
  });
  return sub;
}
