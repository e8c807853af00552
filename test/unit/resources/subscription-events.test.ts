import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscriptionEvents } from '../../../src/resources/subscriptions/events.ts';

const sub = (status: string) => ({ id: 'sub_1', object: 'subscription', status });
const change = (before: any, after: any) => ({ type: 'subscription', id: 'sub_1', before, after, order: 0 });
const std = (type: string, object: any) => [{ type, object, previous_attributes: null }];

test('subscription events are named customer.subscription.*', () => {
  const created = subscriptionEvents(change(null, sub('active')), std('subscription.created', sub('active')));
  assert.deepEqual(created.map((e) => e.type), ['customer.subscription.created']);
  const updated = subscriptionEvents(change(sub('active'), sub('past_due')), std('subscription.updated', sub('past_due')));
  assert.deepEqual(updated.map((e) => e.type), ['customer.subscription.updated']);
});

test('ending is customer.subscription.deleted alone; pausing and resuming add their events after the update', () => {
  const ended = subscriptionEvents(change(sub('active'), sub('canceled')), std('subscription.updated', sub('canceled')));
  assert.deepEqual(ended.map((e) => e.type), ['customer.subscription.deleted']);
  const paused = subscriptionEvents(change(sub('trialing'), sub('paused')), std('subscription.updated', sub('paused')));
  assert.deepEqual(paused.map((e) => e.type), ['customer.subscription.updated', 'customer.subscription.paused']);
  const resumed = subscriptionEvents(change(sub('paused'), sub('active')), std('subscription.updated', sub('active')));
  assert.deepEqual(resumed.map((e) => e.type), ['customer.subscription.updated', 'customer.subscription.resumed']);
});
