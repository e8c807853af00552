import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../http/route.ts';

export function couponRoutes(_app: FastifyInstance, _deps: RouteDeps): void {}
