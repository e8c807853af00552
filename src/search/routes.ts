// The search endpoints of every resource in tables/index.ts.
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../http/route.ts';
import { withLines } from '../resources/invoices/service.ts';
import { searchTables } from './tables/index.ts';
import { searchRoute, type Present } from './route.ts';

/** Objects whose stored document is not the whole API object. */
const presenters: Record<string, Present> = { invoice: withLines };

export function searchRoutes(app: FastifyInstance, deps: RouteDeps): void {
  for (const table of searchTables) searchRoute(app, deps, table, presenters[table.type]);
}
