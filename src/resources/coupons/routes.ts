import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route.ts';
import { crudRoutes, withParams } from '../../http/crud.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function couponRoutes(app: FastifyInstance, deps: RouteDeps): void {
  crudRoutes(app, deps, '/v1/coupons', {
    create: withParams(params.createCoupon, (ctx, p) => service.createCoupon(ctx, p)),
    retrieve: (ctx, id) => service.retrieveCoupon(ctx, id),
    update: withParams(params.updateCoupon, (ctx, p, id) => service.updateCoupon(ctx, id, p)),
    del: (ctx, id) => service.deleteCoupon(ctx, id),
    list: withParams(params.listCoupons, (ctx, p) => service.listCoupons(ctx, p)),
  });
}
