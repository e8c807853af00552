// Promotion codes: /v1/promotion_codes; redeemed by discounts (discounts/service.ts) and,
// before basil, a customer's promotion_code (customers/service.ts).
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import { withoutRedemptionUpdates } from '../redemption-events.ts';
import { loadCoupon } from '../coupons/service.ts';
import { loadCustomer } from '../customers/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const promotionCodesModule: ResourceModule = {
  name: 'promotion-codes',
  requires: ['coupons', 'customers', 'discounts', 'invoices'],
  objects: [
    {
      type: 'promotion_code',
      idPrefix: 'promo',
      columns: { status: "'active' or 'inactive'", customer: 'the customer it is restricted to, or null', ref: 'its coupon', tag: 'its code, lowercased' },
      events: { deleted: false, updated: true },
      derive: withoutRedemptionUpdates,
    },
  ],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/promotion_codes', {
      create: withParams(params.createPromotionCode, (ctx, p) => service.createPromotionCode(ctx, p)),
      retrieve: (ctx, id) => service.retrievePromotionCode(ctx, id),
      update: withParams(params.updatePromotionCode, (ctx, p, id) => service.updatePromotionCode(ctx, id, p)),
      list: withParams(params.listPromotionCodes, (ctx, p) => service.listPromotionCodes(ctx, p)),
    });
  },
  expandable: [
    { owner: 'promotion_code', path: 'promotion.coupon', load: loadCoupon },
    { owner: 'promotion_code', path: 'customer', load: loadCustomer },
  ],
};
