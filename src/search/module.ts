// Search: GET /v1/<resource>/search for every resource with a field table in tables/index.ts.
// Its index (table search_terms) is kept by work/run.ts, in each unit of work.
import type { ResourceModule } from '../resources/module.ts';
import { withLines } from '../resources/invoices/service.ts';
import { searchTables } from './tables/index.ts';
import { searchRoute, type Present } from './route.ts';

/** Objects whose stored document is not the whole API object. */
const presenters: Record<string, Present> = { invoice: withLines };

export const searchModule: ResourceModule = {
  name: 'search',
  requires: ['customers', 'invoices', 'prices', 'products', 'charges', 'payment-intents'],
  objects: [],
  routes(app, deps) {
    for (const table of searchTables) searchRoute(app, deps, table, presenters[table.type]);
  },
};
