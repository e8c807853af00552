import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';
import { itemFields, prorationBehavior } from '../subscriptions/params.ts';

const behaviour = {
  payment_behavior: s.enum(['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] as const),
  proration_behavior: prorationBehavior,
  proration_date: s.timestamp(),
};

export const createSubscriptionItem = { ...itemFields, ...behaviour, subscription: s.id({ required: true }) };
export const updateSubscriptionItem = { ...itemFields, ...behaviour, off_session: s.boolean() };
export const deleteSubscriptionItem = { ...behaviour, clear_usage: s.boolean() };
export const listSubscriptionItems = { ...listFields, subscription: s.id({ required: true }) };

export type CreateSubscriptionItem = InferFields<typeof createSubscriptionItem>;
export type UpdateSubscriptionItem = InferFields<typeof updateSubscriptionItem>;
export type DeleteSubscriptionItem = InferFields<typeof deleteSubscriptionItem>;
export type ListSubscriptionItems = InferFields<typeof listSubscriptionItems>;
