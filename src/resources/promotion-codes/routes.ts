import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import { registerExpandable } from '../../http/expand.ts';
import { loadCoupon } from '../coupons/service.ts';
import { loadCustomer } from '../customers/service.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function promotionCodeRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/promotion_codes', {
    create: withParams(params.createPromotionCode, (ctx, p) => service.createPromotionCode(ctx, p)),
    retrieve: (ctx, id) => service.retrievePromotionCode(ctx, id),
    update: withParams(params.updatePromotionCode, (ctx, p, id) => service.updatePromotionCode(ctx, id, p)),
    list: withParams(params.listPromotionCodes, (ctx, p) => service.listPromotionCodes(ctx, p)),
  });
}

registerExpandable('discount', 'promotion_code', service.loadPromotionCode);
registerExpandable('promotion_code', 'promotion.coupon', loadCoupon);
registerExpandable('promotion_code', 'customer', loadCustomer);
