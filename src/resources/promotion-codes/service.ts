// Promotion codes: create, retrieve, update, list; and their redemption, when a
// request names one in `discounts[][promotion_code]` (or, before basil, a
// customer's `promotion_code`): the checks Stripe makes, then one more
// `times_redeemed` (counted when the code is applied, as a discount is made from it).
import { randomInt } from 'node:crypto';
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { listStoredPage } from '../../http/list.ts';
import { StoredList, type StoredOne } from '../../http/stored-answer.ts';
import { newId } from '../../store/ids.ts';
import { invoices } from '../invoices/repository.ts';
import { discounts } from '../discounts/repository.ts';
import { findById, findStoredById } from '../lookup.ts';
import { couponRef } from '../coupons/service.ts';
import { customerRef } from '../customers/service.ts';
import type { CreatePromotionCode, ListPromotionCodes, UpdatePromotionCode } from './params.ts';
import type { PromotionCode } from './model.ts';
import { promotionCodes } from './repository.ts';

export const TYPE = 'promotion_code';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Whether an active code of the same customer scope (a customer, or everyone) already reads `code`. */
async function codeTaken(ctx: Ctx, code: string, customer: string | null, except?: string): Promise<boolean> {
  const page = await promotionCodes.list(ctx, {
    limit: 2,
    where: { tag: code.toLowerCase(), status: 'active', customer },
  });
  return page.data.some((p) => p.id !== except);
}

const duplicateCode = (code: string) => errors.invalidRequest(`An active promotion code with \`code: ${code}\` already exists.`, 'code');

export async function createPromotionCode(ctx: Ctx, p: CreatePromotionCode): Promise<PromotionCode> {
  if (p.promotion.coupon === undefined) throw errors.missingParam('promotion[coupon]');
  const coupon = await couponRef(ctx, p.promotion.coupon, 'promotion[coupon]');
  if (p.customer_account !== undefined) throw errors.resourceMissing('account', p.customer_account, 'customer_account');
  const customer = p.customer === undefined ? null : (await customerRef(ctx, p.customer, 'customer')).id;
  if (p.expires_at !== undefined && p.expires_at <= ctx.now) throw errors.invalidTimestampFuture('expires_at');
  const r = p.restrictions ?? {};
  if (r.minimum_amount !== undefined && r.minimum_amount_currency === undefined)
    throw errors.invalidRequest('You must pass minimum_amount_currency when passing minimum_amount', 'restrictions[minimum_amount_currency]');
  if (r.minimum_amount_currency !== undefined && r.minimum_amount === undefined) throw errors.missingParam('restrictions[minimum_amount]');
  if (p.code !== undefined && !/^[A-Za-z0-9]+$/.test(p.code))
    throw errors.invalidRequest('Invalid code: it may only contain letters (a-z, A-Z) and digits (0-9).', 'code');
  let code = p.code;
  if (code === undefined) {
    do code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    while (await codeTaken(ctx, code, customer));
  }
  const active = p.active ?? true;
  if (active && (await codeTaken(ctx, code, customer))) throw duplicateCode(code);
  const promo: PromotionCode = {
    id: newId('promo'),
    object: 'promotion_code',
    active,
    code,
    created: ctx.now,
    customer,
    customer_account: null,
    expires_at: p.expires_at ?? null,
    livemode: false,
    max_redemptions: p.max_redemptions ?? null,
    metadata: applyMetadata({}, p.metadata),
    promotion: { coupon: coupon.id, type: 'coupon' },
    restrictions: {
      first_time_transaction: r.first_time_transaction ?? false,
      minimum_amount: r.minimum_amount ?? null,
      minimum_amount_currency: r.minimum_amount_currency ?? null,
    },
    times_redeemed: 0,
  };
  setCurrencyOptions(promo, r.currency_options);
  await promotionCodes.insert(ctx, promo);
  return promo;
}

function setCurrencyOptions(promo: PromotionCode, options: { [c: string]: { minimum_amount?: number } | undefined } | undefined): void {
  if (options === undefined) return;
  const merged = { ...promo.restrictions.currency_options };
  for (const [cur, opt] of Object.entries(options)) if (opt?.minimum_amount !== undefined) merged[cur] = { minimum_amount: opt.minimum_amount };
  if (Object.keys(merged).length > 0) promo.restrictions.currency_options = merged;
}

export async function retrievePromotionCode(ctx: Ctx, id: string): Promise<StoredOne | PromotionCode> {
  return findStoredById(ctx, promotionCodes, id);
}

export async function updatePromotionCode(ctx: Ctx, id: string, p: UpdatePromotionCode): Promise<PromotionCode> {
  const promo = await findById(ctx, promotionCodes, id);
  if (p.active === true && !promo.active && (await codeTaken(ctx, promo.code, promo.customer, promo.id))) throw duplicateCode(promo.code);
  if (p.active !== undefined) promo.active = p.active;
  promo.metadata = applyMetadata(promo.metadata, p.metadata);
  setCurrencyOptions(promo, p.restrictions?.currency_options);
  await promotionCodes.update(ctx, promo);
  return promo;
}

export async function listPromotionCodes(ctx: Ctx, p: ListPromotionCodes) {
  if (p.customer_account !== undefined) return new StoredList([], false, '/v1/promotion_codes');
  return listStoredPage(
    ctx,
    promotionCodes,
    '/v1/promotion_codes',
    p,
    {
      created: p.created,
      where: {
        status: p.active === undefined ? undefined : p.active ? 'active' : 'inactive',
        tag: p.code?.toLowerCase(),
        ref: p.coupon,
        customer: p.customer,
      },
    },
    'promotion_code',
  );
}

export async function loadPromotionCode(ctx: Ctx, id: string): Promise<object | undefined> {
  return promotionCodes.get(ctx, id);
}

const cannotRedeem = (because: string, param: string) =>
  errors.invalidRequest(`This promotion code cannot be redeemed because ${because}.`, param);

/** Whether the customer has paid for anything before (an invoice of theirs was paid). */
async function hasPriorTransactions(ctx: Ctx, customer: string): Promise<boolean> {
  const page = await invoices.list(ctx, { limit: 1, where: { customer, status: 'paid' } });
  return page.data.length > 0;
}

/**
 * Applies a promotion code for `customer` (request param `param`): refuses an inactive,
 * expired, used-up or restricted code, else counts the redemption and returns the code
 * (its coupon becomes the discount). Its minimum amount is checked when the purchase is
 * known, at finalization (checkMinimumAmount).
 */
export async function redeemPromotionCode(ctx: Ctx, id: string, customer: string | null, param: string): Promise<PromotionCode> {
  // Locked (PostgreSQL): two redemptions racing for the last use must not both get it.
  const promo = await promotionCodes.getForUpdate(ctx, id);
  if (!promo) throw errors.resourceMissing('promotion_code', id, param);
  if (!promo.active) throw cannotRedeem('it is inactive', param);
  if (promo.expires_at !== null && promo.expires_at <= ctx.now) throw cannotRedeem('it has expired', param);
  if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions)
    throw cannotRedeem('it has been used the maximum number of times', param);
  if (promo.customer !== null && promo.customer !== customer) throw cannotRedeem('it is restricted to another customer', param);
  if (promo.restrictions.first_time_transaction && customer !== null && (await hasPriorTransactions(ctx, customer)))
    throw cannotRedeem('the associated customer has prior transactions', param);
  promo.times_redeemed += 1;
  await promotionCodes.update(ctx, promo);
  return promo;
}

/** The least a purchase in `currency` must come to for the code, or null when it has no minimum there. */
export function minimumFor(promo: PromotionCode, currency: string): number | null {
  const r = promo.restrictions;
  if (r.minimum_amount === null) return null;
  if (r.minimum_amount_currency === currency) return r.minimum_amount;
  return r.currency_options?.[currency]?.minimum_amount ?? r.minimum_amount;
}

/** At finalization: a promotion code's minimum holds against the invoice's amount before discounts. */
export async function checkMinimumAmount(ctx: Ctx, codes: readonly string[], currency: string, subtotal: number): Promise<void> {
  for (const id of codes) {
    const promo = await promotionCodes.get(ctx, id);
    if (!promo) continue;
    const min = minimumFor(promo, currency);
    if (min !== null && subtotal < min) throw cannotRedeem('the associated purchase does not meet the minimum amount requirement', 'discounts');
  }
}

/** Whether the account has any promotion code (most have none: finalization then skips their checks). */
export async function hasPromotionCodes(ctx: Ctx): Promise<boolean> {
  return (await promotionCodes.list(ctx, { limit: 1 })).data.length > 0;
}

/** The promotion codes behind discounts. */
export async function promotionCodesOf(ctx: Ctx, discountIds: readonly string[]): Promise<string[]> {
  const codes = new Set<string>();
  for (const id of new Set(discountIds)) {
    const d = await discounts.get(ctx, id);
    if (d?.promotion_code) codes.add(d.promotion_code);
  }
  return [...codes];
}
