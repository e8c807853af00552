// Every resource's routes, in one list for app.ts.
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../http/route.ts';
import { customerRoutes } from './customers/routes.ts';

export const resourceRoutes: ((app: FastifyInstance, deps: RouteDeps) => void)[] = [customerRoutes];
