// Discounts are created when a request names a coupon in `discounts[]`, and
// reused when it names an existing discount. The billing math reads them as coupons.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { newId } from '../../store/ids.ts';
import { discounts } from './repository.ts';
import type { CouponLike } from '../../billing/discounts.ts';
import { couponRef, loadCoupon, redeemCoupon } from '../coupons/service.ts';
import type { Discount } from './model.ts';
import { addMonths } from '../../billing/calendar.ts';
import { redeemPromotionCode } from '../promotion-codes/service.ts';

export const TYPE = 'discount';

export interface DiscountInput {
  coupon?: string;
  discount?: string;
  promotion_code?: string;
}

interface Owner {
  customer: string | null;
  invoice?: string | null;
  invoiceItem?: string | null;
  /** A discount made for a subscription (or one of its items) names it. */
  subscription?: string | null;
  subscriptionItem?: string | null;
}

/** Turns `discounts[i][...]` params into discount ids, creating discounts for coupons. */
export async function resolveDiscounts(ctx: Ctx, inputs: DiscountInput[], owner: Owner, param = 'discounts'): Promise<string[]> {
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const [i, d] of inputs.entries()) {
    const p = `${param}[${i}]`;
    const given = (['coupon', 'discount', 'promotion_code'] as const).filter((k) => d[k] !== undefined);
    if (given.length !== 1) throw errors.invalidRequest(`You must specify exactly one of coupon, discount, or promotion_code in ${p}.`, p);
    let id: string;
    if (d.promotion_code !== undefined) {
      const promo = await redeemPromotionCode(ctx, d.promotion_code, owner.customer, `${p}[promotion_code]`);
      id = (await createDiscount(ctx, promo.promotion.coupon, owner, `${p}[promotion_code]`, promo.id)).id;
    } else if (d.discount !== undefined) {
      const existing = await discounts.get(ctx, d.discount);
      if (!existing) throw errors.resourceMissing('discount', d.discount, `${p}[discount]`);
      id = existing.id;
    } else {
      id = (await createDiscount(ctx, d.coupon!, owner, `${p}[coupon]`)).id;
    }
    if (seen.has(id)) throw errors.invalidRequest('The same discount or coupon may only be applied once.', p);
    seen.add(id);
    ids.push(id);
  }
  return ids;
}

/** A new discount applying the coupon named by `param` (or by the promotion code redeemed) to its owner. */
export async function createDiscount(ctx: Ctx, couponId: string, owner: Owner, param: string, promotionCode: string | null = null): Promise<Discount> {
  const found = await couponRef(ctx, couponId, param);
  // Stripe's text for a coupon past its redeem_by or its max_redemptions (code `coupon_expired`).
  if (found.valid === false) throw errors.invalidRequest(`Coupon expired: ${found.id}`, param, 'coupon_expired');
  // "Number of times this coupon has been applied to a customer": each discount made from it counts.
  const coupon = await redeemCoupon(ctx, found.id);
  const discount: Discount = {
    id: newId('di'),
    object: 'discount',
    checkout_session: null,
    customer: owner.customer,
    customer_account: null,
    // A repeating coupon on a customer ends after its months; on an invoice or item it applies to that one.
    end: coupon.duration === 'repeating' && owner.invoice == null && owner.invoiceItem == null ? addMonths(ctx.now, coupon.duration_in_months ?? 1) : null,
    invoice: owner.invoice ?? null,
    invoice_item: owner.invoiceItem ?? null,
    promotion_code: promotionCode,
    source: { coupon: coupon.id, type: 'coupon' },
    start: ctx.now,
    subscription: owner.subscription ?? null,
    subscription_item: owner.subscriptionItem ?? null,
  };
  await discounts.insert(ctx, discount);
  return discount;
}

/** What the totals need of each discount: its coupon's terms. */
export async function discountTerms(ctx: Ctx, ids: readonly string[]): Promise<CouponLike[]> {
  const out: CouponLike[] = [];
  for (const id of ids) {
    const d = await discounts.get(ctx, id);
    if (!d) continue;
    const coupon = (await loadCoupon(ctx, d.source.coupon)) as
      | { percent_off: number | null; amount_off: number | null; currency: string | null }
      | undefined;
    if (!coupon) continue;
    out.push({ id, percentOff: coupon.percent_off, amountOff: coupon.amount_off, currency: coupon.currency });
  }
  return out;
}

export async function loadDiscount(ctx: Ctx, id: string): Promise<object | undefined> {
  return discounts.get(ctx, id);
}
