// Time for an object: objects of a customer on a test clock live in that clock's time (their
// `created`, periods, due dates, automatic collection), everything else in the server's.
import type { Ctx } from '../../http/context.ts';
import type { Handler } from '../../http/route.ts';
import { errors } from '../../http/errors.ts';
import { getObject } from '../../store/objects.ts';
import type { Customer } from '../customers/model.ts';
import { testClocks } from './repository.ts';
import type { TestClock } from './model.ts';

/** The test clock of the customer (null: none, or no customer). */
export async function testClockOf(ctx: Ctx, customerId: string | null): Promise<string | null> {
  if (customerId === null) return null;
  const c = await getObject<Customer>(ctx.db, ctx.account, 'customer', customerId);
  return typeof c?.test_clock === 'string' ? c.test_clock : null;
}

/**
 * The time of a test clock: the firing time while its timers fire in this unit, else its
 * frozen_time. In a write it also decides the unit's event time (the clock's), and refuses the
 * write while the clock is advancing: its objects change only through the advance until `ready`.
 */
export async function clockNow(ctx: Ctx, testClock: string): Promise<number> {
  if (ctx.clockTime?.testClock === testClock) return ctx.now;
  const clock = await testClocks.get(ctx, testClock);
  if (!clock) return ctx.now;
  if (ctx.work && !ctx.work.preview) {
    if (clock.status === 'advancing') throw clockAdvancing(clock.id);
    ctx.work.eventTime = clock.frozen_time;
  }
  return clock.frozen_time;
}

/**
 * Stripe documents no error for a change to an advancing clock's objects, nor for a second
 * advance: both get this 400 (invalid_request_error, no code, as Stripe's generic refusals).
 */
export function clockAdvancing(id: string): Error {
  return errors.invalidRequest(`The test clock ${id} is advancing. Wait until its status is \`ready\` before making changes to it or to the objects on it.`);
}

/** Now for the customer: its test clock's time, else the server's. */
export async function nowForCustomer(ctx: Ctx, customerId: string | null): Promise<number> {
  const clock = await testClockOf(ctx, customerId);
  if (clock !== null) return clockNow(ctx, clock);
  return ctx.clockTime ? ctx.clockTime.realNow : ctx.now;
}

/** `ctx` in the customer's time: services that make or move a customer's objects run in it. */
export async function inCustomerTime(ctx: Ctx, customerId: string | null): Promise<Ctx> {
  const now = await nowForCustomer(ctx, customerId);
  return now === ctx.now ? ctx : { ...ctx, now };
}

/** For expand[]: a test clock (`customer.test_clock`, `invoice.test_clock`, `invoiceitem.test_clock`). */
export async function loadTestClock(ctx: Ctx, id: string): Promise<object | undefined> {
  return testClocks.get(ctx, id);
}

/** A test clock named by a parameter (`test_clock` of a customer), or Stripe's resource_missing. */
export async function testClockRef(ctx: Ctx, id: string, param: string): Promise<TestClock> {
  const clock = await testClocks.get(ctx, id);
  if (!clock) throw errors.resourceMissing('test_clock', id, param);
  return clock;
}

/** The clock time of an object: its own `test_clock`, else its customer's; the server's for neither. */
export async function inObjectTime(ctx: Ctx, type: string, id: string): Promise<Ctx> {
  const obj = await getObject(ctx.db, ctx.account, type, id);
  if (!obj) return ctx;
  if (typeof obj.test_clock === 'string') {
    const now = await clockNow(ctx, obj.test_clock);
    return now === ctx.now ? ctx : { ...ctx, now };
  }
  return inCustomerTime(ctx, typeof obj.customer === 'string' ? obj.customer : null);
}

/**
 * A route's handler run in the time of what it acts on: the `type` object its path names, else
 * the customer its `customer` param names. Objects of a customer on a test clock are made and
 * moved in that clock's time, never the server's (and never another clock's).
 */
export function inClockTime(type: string, handler: Handler): Handler {
  return async (ctx, p, path) => {
    let timed = ctx;
    if (path.id) timed = await inObjectTime(ctx, type, path.id);
    else if (typeof p.customer === 'string') timed = await inCustomerTime(ctx, p.customer);
    return handler(timed, p, path);
  };
}
