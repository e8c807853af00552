// Tax rates: /v1/tax_rates. Stripe has no DELETE /v1/tax_rates/:id: it answers "Unrecognized request URL".
import { crudRoutes, withParams } from '../../http/crud.ts';
import type { ResourceModule } from '../module.ts';
import * as params from './params.ts';
import * as service from './service.ts';

export const taxRatesModule: ResourceModule = {
  name: 'tax-rates',
  objects: [
    {
      type: 'tax_rate',
      idPrefix: 'txr',
      columns: { status: "'active' | 'inactive'", ref: "'inclusive' | 'exclusive'" },
      // Tax rates cannot be deleted: no tax_rate.deleted.
      events: { deleted: false, updated: true },
    },
  ],
  routes(app, deps) {
    crudRoutes(app, deps, '/v1/tax_rates', {
      create: withParams(params.createTaxRate, (ctx, p) => service.createTaxRate(ctx, p)),
      retrieve: (ctx, id) => service.retrieveTaxRate(ctx, id),
      update: withParams(params.updateTaxRate, (ctx, p, id) => service.updateTaxRate(ctx, id, p)),
      list: withParams(params.listTaxRates, (ctx, p) => service.listTaxRates(ctx, p)),
    });
  },
};
