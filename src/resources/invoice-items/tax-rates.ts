// The tax rates an item (invoice item or subscription item) is given, as stored snapshots:
// each must exist in the account and be active, since archived rates apply to no new items.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { taxRateRef } from '../tax-rates/service.ts';
import type { TaxRateSnapshot } from './model.ts';

export async function taxRateSnapshots(ctx: Ctx, ids: readonly string[], param = 'tax_rates'): Promise<TaxRateSnapshot[]> {
  const out: TaxRateSnapshot[] = [];
  for (const [i, id] of ids.entries()) {
    const rate = await taxRateRef(ctx, id, `${param}[${i}]`);
    if (!rate.active) throw errors.invalidRequest(`Tax rate ${id} is archived and cannot be applied to new items.`, `${param}[${i}]`);
    out.push(rate as unknown as TaxRateSnapshot);
  }
  return out;
}
