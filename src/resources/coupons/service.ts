// Coupons: create, retrieve, update, list, delete (what a deleted coupon
// leaves: ./repository.ts; loadCoupon still finds it for existing discounts).
import { randomInt } from 'node:crypto';
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { listPage } from '../../http/list.ts';
import { idExists } from '../../store/objects.ts';
import { coupons, deletedCoupons } from './repository.ts';
import { findById, findRef } from '../lookup.ts';
import { productRef } from '../products/service.ts';
import { checkPercentage } from '../tax-rates/percentage.ts';
import type { CreateCoupon, ListCoupons, UpdateCoupon } from './params.ts';
import { isCouponValid, type Coupon, type DeletedCoupon } from './model.ts';

export const TYPE = coupons.type;
export const DELETED_TYPE = deletedCoupons.type;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const FIVE_YEARS = 5 * 366 * 24 * 60 * 60;

/** Stripe's generated coupon ids: 8 uppercase letters and digits (fixture `Z4OV52SU`). */
export function randomCouponId(): string {
  let id = '';
  for (let i = 0; i < 8; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

const idTaken = (ctx: Ctx, id: string): Promise<boolean> => idExists(ctx.db, ctx.account, id);

/** `valid` depends on the clock (`redeem_by`), so it is refreshed whenever a coupon is read. */
function fresh(c: Coupon, now: number): Coupon {
  c.valid = isCouponValid(c, now);
  return c;
}

function applyCurrencyOptions(c: Coupon, options: { [currency: string]: { amount_off: number } | undefined } | undefined): void {
  if (options === undefined) return;
  if (c.amount_off === null) throw errors.currencyOptionsNeedAmountOff();
  const merged = { ...c.currency_options };
  for (const [cur, opt] of Object.entries(options)) if (opt) merged[cur] = { amount_off: opt.amount_off };
  if (Object.keys(merged).length > 0) c.currency_options = merged;
}

export async function createCoupon(ctx: Ctx, p: CreateCoupon): Promise<Coupon> {
  if (p.amount_off !== undefined && p.percent_off !== undefined) throw errors.onlyOneOf(['amount_off', 'percent_off']);
  if (p.amount_off === undefined && p.percent_off === undefined) throw errors.oneOfRequired(['amount_off', 'percent_off']);
  if (p.amount_off !== undefined && p.currency === undefined) throw errors.missingParam('currency');
  const percentOff = p.percent_off === undefined ? null : checkPercentage('percent_off', p.percent_off, { places: 2, exclusiveMin: true });
  const duration = p.duration ?? 'once';
  if (duration === 'repeating' && p.duration_in_months === undefined) throw errors.missingParam('duration_in_months');
  if (duration !== 'repeating' && p.duration_in_months !== undefined) throw errors.durationInMonthsNotRepeating();
  if (p.redeem_by !== undefined) {
    if (p.redeem_by <= ctx.now) throw errors.invalidTimestampFuture('redeem_by');
    if (p.redeem_by > ctx.now + FIVE_YEARS) throw errors.redeemByTooFar();
  }
  if (p.id !== undefined) {
    if (p.id === '') throw errors.invalidEmpty('id');
    if (await idTaken(ctx, p.id)) throw errors.couponExists();
  }
  let id = p.id;
  while (id === undefined || (p.id === undefined && (await idTaken(ctx, id)))) id = randomCouponId();
  const products = p.applies_to?.products;
  if (products !== undefined)
    for (const [i, product] of products.entries()) await productRef(ctx, product, `applies_to[products][${i}]`);

  const c: Coupon = {
    id,
    object: 'coupon',
    amount_off: p.amount_off ?? null,
    ...(p.applies_to !== undefined ? { applies_to: { products: products ?? [] } } : {}),
    created: ctx.now,
    currency: p.currency ?? null,
    duration,
    duration_in_months: p.duration_in_months ?? null,
    livemode: false,
    max_redemptions: p.max_redemptions ?? null,
    metadata: applyMetadata({}, p.metadata),
    name: p.name || null,
    percent_off: percentOff,
    redeem_by: p.redeem_by ?? null,
    times_redeemed: 0,
    valid: true,
  };
  applyCurrencyOptions(c, p.currency_options);
  fresh(c, ctx.now);
  await coupons.insert(ctx, c);
  return c;
}

export async function retrieveCoupon(ctx: Ctx, id: string): Promise<Coupon> {
  return fresh(await findById(ctx, coupons, id), ctx.now);
}

export async function updateCoupon(ctx: Ctx, id: string, p: UpdateCoupon): Promise<Coupon> {
  const c = await findById(ctx, coupons, id);
  if (p.name !== undefined) c.name = p.name || null;
  c.metadata = applyMetadata(c.metadata, p.metadata);
  applyCurrencyOptions(c, p.currency_options);
  fresh(c, ctx.now);
  await coupons.update(ctx, c);
  return c;
}

export async function deleteCoupon(ctx: Ctx, id: string): Promise<DeletedCoupon> {
  const c = await findById(ctx, coupons, id);
  return (await coupons.delete(ctx, c)) as DeletedCoupon;
}

export async function listCoupons(ctx: Ctx, p: ListCoupons) {
  const page = await listPage(ctx, coupons, '/v1/coupons', p, { created: p.created });
  for (const c of page.data) fresh(c, ctx.now);
  return page;
}

/** A live (not deleted) coupon referenced by a parameter, `valid` as of ctx.now. */
export async function couponRef(ctx: Ctx, id: string, param = 'coupon'): Promise<Coupon> {
  return fresh(await findRef(ctx, coupons, id, param), ctx.now);
}

/**
 * For expand[] and for discounts already applied: the coupon, or, once
 * deleted, its last terms with `valid: false`.
 */
export async function loadCoupon(ctx: Ctx, id: string): Promise<Coupon | undefined> {
  const c = await coupons.get(ctx, id);
  if (c) return fresh(c, ctx.now);
  return deletedCoupons.get(ctx, id);
}

/** Counts one redemption (a discount created from the coupon); call it in the same transaction. */
export async function redeemCoupon(ctx: Ctx, id: string): Promise<Coupon> {
  // Locked (PostgreSQL): a counter read, incremented and written back must not lose a concurrent increment.
  const c = await coupons.getForUpdate(ctx, id);
  if (!c) throw errors.resourceMissing('coupon', id, 'coupon');
  c.times_redeemed += 1;
  fresh(c, ctx.now);
  await coupons.update(ctx, c);
  return c;
}
