import type { FastifyInstance } from 'fastify';
import { addRoute, type RouteDeps } from '../../http/route.ts';
import { validate } from '../../http/params.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export function couponRoutes(app: FastifyInstance, deps: RouteDeps): void {
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/coupons',
    handler: (ctx, p) => service.createCoupon(ctx, validate(params.createCoupon, p)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/coupons/:id',
    handler: (ctx, p, path) => (validate({}, p), service.retrieveCoupon(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'POST',
    url: '/v1/coupons/:id',
    handler: (ctx, p, path) => service.updateCoupon(ctx, path.id, validate(params.updateCoupon, p)),
  });
  addRoute(app, deps, {
    method: 'DELETE',
    url: '/v1/coupons/:id',
    handler: (ctx, p, path) => (validate({}, p), service.deleteCoupon(ctx, path.id)),
  });
  addRoute(app, deps, {
    method: 'GET',
    url: '/v1/coupons',
    handler: (ctx, p) => service.listCoupons(ctx, validate(params.listCoupons, p)),
  });
}
