// Coupons: /v1/coupons.
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import { withoutRedemptionUpdates } from '../redemption-events.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const couponsModule: ResourceModule = {
  name: 'coupons',
  objects: [
    { type: 'coupon', idPrefix: null, events: { deleted: true, updated: true }, derive: withoutRedemptionUpdates },
    // A deleted coupon still applies where it was applied: kept whole, under its id.
    { type: 'deleted_coupon', idPrefix: null },
  ],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/coupons', {
      create: withParams(params.createCoupon, (ctx, p) => service.createCoupon(ctx, p)),
      retrieve: (ctx, id) => service.retrieveCoupon(ctx, id),
      update: withParams(params.updateCoupon, (ctx, p, id) => service.updateCoupon(ctx, id, p)),
      del: (ctx, id) => service.deleteCoupon(ctx, id),
      list: withParams(params.listCoupons, (ctx, p) => service.listCoupons(ctx, p)),
    });
  },
};
