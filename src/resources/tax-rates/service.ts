// Tax rates: create, retrieve, update, list (Stripe has no delete; archive with
// `active=false`). Filter columns: `status` = 'active' | 'inactive',
// `ref` = 'inclusive' | 'exclusive'.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { listStoredPage } from '../../http/list.ts';
import { newId } from '../../store/ids.ts';
import { taxRates } from './repository.ts';
import { findById, findRef, findStoredById } from '../lookup.ts';
import type { StoredOne } from '../../http/stored-answer.ts';
import { checkPercentage } from './percentage.ts';
import type { CreateTaxRate, ListTaxRates, UpdateTaxRate } from './params.ts';
import type { TaxRate } from './model.ts';

export const TYPE = 'tax_rate';

function applyFields(r: TaxRate, p: UpdateTaxRate): void {
  if (p.display_name !== undefined) {
    if (p.display_name === '') throw errors.invalidEmpty('display_name');
    r.display_name = p.display_name;
  }
  if (p.active !== undefined) r.active = p.active;
  if (p.country !== undefined) r.country = p.country || null;
  if (p.description !== undefined) r.description = p.description || null;
  if (p.jurisdiction !== undefined) r.jurisdiction = p.jurisdiction || null;
  if (p.state !== undefined) r.state = p.state || null;
  if (p.tax_type !== undefined) r.tax_type = p.tax_type;
  r.metadata = applyMetadata(r.metadata, p.metadata);
}

export async function createTaxRate(ctx: Ctx, p: CreateTaxRate): Promise<TaxRate> {
  const r: TaxRate = {
    id: newId('txr'),
    object: 'tax_rate',
    active: true,
    country: null,
    created: ctx.now,
    description: null,
    display_name: p.display_name,
    effective_percentage: null,
    flat_amount: null,
    inclusive: p.inclusive,
    jurisdiction: null,
    jurisdiction_level: null,
    livemode: false,
    metadata: {},
    percentage: checkPercentage('percentage', p.percentage, { places: 4, exclusiveMin: false }),
    rate_type: 'percentage',
    state: null,
    tax_type: null,
  };
  applyFields(r, p);
  await taxRates.insert(ctx, r);
  return r;
}

export function retrieveTaxRate(ctx: Ctx, id: string): Promise<StoredOne | TaxRate> {
  return findStoredById(ctx, taxRates, id);
}

export async function updateTaxRate(ctx: Ctx, id: string, p: UpdateTaxRate): Promise<TaxRate> {
  const r = await findById(ctx, taxRates, id);
  applyFields(r, p);
  await taxRates.update(ctx, r);
  return r;
}

export function listTaxRates(ctx: Ctx, p: ListTaxRates) {
  const where = {
    status: p.active === undefined ? undefined : p.active ? 'active' : 'inactive',
    ref: p.inclusive === undefined ? undefined : p.inclusive ? 'inclusive' : 'exclusive',
  };
  return listStoredPage(ctx, taxRates, '/v1/tax_rates', p, { created: p.created, where });
}

/** A tax rate referenced by a parameter (`tax_rates[0]`, `default_tax_rates[1]`, ...), active or not. */
export function taxRateRef(ctx: Ctx, id: string, param = 'tax_rates'): Promise<TaxRate> {
  return findRef(ctx, taxRates, id, param);
}

/** For expand[]. */
export async function loadTaxRate(ctx: Ctx, id: string): Promise<object | undefined> {
  return taxRates.get(ctx, id);
}
