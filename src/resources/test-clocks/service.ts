// Test clocks: create, retrieve, list, delete (with everything its customers own), and the start
// of an advance (advance.ts runs it). Events: `test_helpers.test_clock.created|advancing|ready|deleted`.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { listStoredPage } from '../../http/list.ts';
import { StoredList, type StoredOne } from '../../http/stored-answer.ts';
import { newId } from '../../store/ids.ts';
import { deleteObject, idsByColumn } from '../../store/objects.ts';
import type { DeletedStub } from '../../store/repository.ts';
import { clearClockTimers, type ClockIntervals } from '../../work/timers.ts';
import { findById, findStoredById } from '../lookup.ts';
import { customerRef, customersOnClock, deleteCustomer, lockCustomer, saveCustomer } from '../customers/service.ts';
import { moveInvoicesToClock } from '../invoices/service.ts';
import { moveItemsToClock } from '../invoice-items/service.ts';
import { advanceLimit } from './limits.ts';
import { clockAdvancing } from './time.ts';
import type { AdvanceTestClock, CreateTestClock, ListTestClocks } from './params.ts';
import type { TestClock } from './model.ts';
import { testClocks, TYPE } from './repository.ts';

/** Stripe's API reference shows `deletes_after` seven days after `created`. */
const DELETES_AFTER = 7 * 86_400;

export async function createTestClock(ctx: Ctx, p: CreateTestClock): Promise<TestClock> {
  const clock: TestClock = {
    id: newId('clock', 24),
    object: TYPE,
    created: ctx.now,
    deletes_after: ctx.now + DELETES_AFTER,
    frozen_time: p.frozen_time,
    livemode: false,
    name: p.name || null,
    status: 'ready',
    status_details: {},
  };
  await testClocks.insert(ctx, clock);
  if (p.customer !== undefined) await attachCustomer(ctx, p.customer, clock);
  return clock;
}

/**
 * "Existing customer this test clock will be attached to. Once attached, customers can't be
 * removed from a test clock." What it owns already keeps its dates, and follows the clock from
 * now on: its invoices' automatic collection and due dates, its invoice items.
 */
async function attachCustomer(ctx: Ctx, id: string, clock: TestClock): Promise<void> {
  const customer = await lockCustomer(ctx, (await customerRef(ctx, id, 'customer')).id);
  if (!customer || customer.deleted) throw errors.resourceMissing('customer', id, 'customer');
  if (customer.test_clock !== null)
    throw errors.invalidRequest(`The customer ${id} is already attached to test clock ${customer.test_clock}; customers can't be moved between test clocks.`, 'customer');
  customer.test_clock = clock.id;
  await saveCustomer(ctx, customer);
  await moveItemsToClock(ctx, customer.id, clock.id);
  await moveInvoicesToClock(ctx, customer.id, clock.id);
}

export function retrieveTestClock(ctx: Ctx, id: string): Promise<StoredOne | TestClock> {
  return findStoredById(ctx, testClocks, id, 'test_helpers.test_clock');
}

export function listTestClocks(ctx: Ctx, p: ListTestClocks): Promise<StoredList> {
  return listStoredPage(ctx, testClocks, '/v1/test_helpers/test_clocks', p, {});
}

/**
 * Starts an advance: the clock is `advancing` towards `frozen_time` when this unit commits, and
 * advance.ts fires its timers up to there. Refused when it would not move forward, would go past
 * Stripe's limit for one advance, or the clock is advancing already.
 */
export async function startAdvance(ctx: Ctx, id: string, p: AdvanceTestClock, intervals?: ClockIntervals): Promise<TestClock> {
  const clock = await findById(ctx, testClocks, id, 'test_helpers.test_clock');
  const locked = (await testClocks.getForUpdate(ctx, clock.id))!;
  if (locked.status === 'advancing') throw clockAdvancing(locked.id);
  if (locked.status === 'internal_failure') throw errors.invalidRequest('The test clock failed to advance and cannot be advanced again. Delete it and create a new one.');
  if (p.frozen_time <= locked.frozen_time)
    throw errors.invalidRequest(
      `The frozen_time (${p.frozen_time}) must be after the test clock's current frozen_time (${locked.frozen_time}): a test clock can only move forward.`,
      'frozen_time',
    );
  const billed = (await intervals?.(ctx, locked.id)) ?? [];
  const limit = advanceLimit(locked.frozen_time, billed);
  if (p.frozen_time > limit)
    throw errors.invalidRequest(
      billed.length === 0
        ? `The frozen_time (${p.frozen_time}) is too far in the future: a test clock without subscriptions can be advanced at most two years at a time (to ${limit} from ${locked.frozen_time}).`
        : `The frozen_time (${p.frozen_time}) is too far in the future: a test clock can be advanced at most two intervals of its shortest subscription at a time (to ${limit} from ${locked.frozen_time}).`,
      'frozen_time',
    );
  locked.status = 'advancing';
  locked.status_details = { advancing: { target_frozen_time: p.frozen_time } };
  await testClocks.update(ctx, locked);
  ctx.work!.emitFor('test_helpers.test_clock.advancing', locked);
  return locked;
}

/**
 * Deletes the clock, its customers and everything they own ("deletes all objects associated with
 * it, including the customer and subscription", docs.stripe.com/billing/testing/test-clocks):
 * each object whose `customer` names one of them, what names those objects as its `invoice`
 * (lines, invoice payments) or `ref` (refunds of their charges), and the clock's timers. The
 * customers keep their deleted stubs, as any deleted customer does.
 */
export async function deleteTestClock(ctx: Ctx, id: string): Promise<DeletedStub> {
  const clock = await findById(ctx, testClocks, id, 'test_helpers.test_clock');
  const customers = await customersOnClock(ctx, clock.id);
  const ids = customers.map((c) => c.id);
  const owned = (await idsByColumn(ctx.db, ctx.account, 'customer', ids)).filter((o) => !KEPT_TYPES.has(o.type));
  const parents = owned.map((o) => o.id);
  const children = [...(await idsByColumn(ctx.db, ctx.account, 'invoice', parents)), ...(await idsByColumn(ctx.db, ctx.account, 'ref', parents))];
  const seen = new Set<string>();
  for (const o of [...children, ...owned]) {
    if (seen.has(o.id) || o.type === 'customer' || KEPT_TYPES.has(o.type)) continue;
    seen.add(o.id);
    await deleteObject(ctx, o.id);
  }
  for (const c of ids) await deleteCustomer(ctx, c);
  await clearClockTimers(ctx, clock.id);
  return testClocks.delete(ctx, clock);
}

/** Objects that name a customer without being the customer's own: an account's promotion code restricted to it. */
const KEPT_TYPES = new Set(['promotion_code']);
