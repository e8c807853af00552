// Products: create, retrieve, update, list, delete (what a deleted product
// leaves: ./repository.ts).
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { listPage, listStoredPage } from '../../http/list.ts';
import { newId } from '../../store/ids.ts';
import { idExists } from '../../store/objects.ts';
import { products, deletedProducts } from './repository.ts';
import { findById, findRef, findStoredById } from '../lookup.ts';
import type { StoredOne } from '../../http/stored-answer.ts';
import { decimalPlaces } from '../tax-rates/percentage.ts';
import { createDefaultPrice, priceRef, productHasPrices } from '../prices/service.ts';
import type { CreateProduct, ListProducts, UpdateProduct } from './params.ts';
import type { DeletedProduct, PackageDimensions, Product } from './model.ts';

export const TYPE = products.type;
/** Deleted products live on under this type, out of lists and lookups. */
export const DELETED_TYPE = deletedProducts.type;

const TAX_CODE = /^txcd_\d{8}$/;
const DESCRIPTOR_FORBIDDEN = /[<>\\'"*]/;

/** What creating a product takes, from POST /v1/products or a price's `product_data`. */
export type ProductInput = Omit<CreateProduct, 'default_price_data'>;

const at = (prefix: string, key: string): string => (prefix ? `${prefix}[${key}]` : key);

const idTaken = (ctx: Ctx, id: string): Promise<boolean> => idExists(ctx.db, ctx.account, id);

function checkDescriptor(value: string, param: string): string | null {
  if (value === '') return null;
  if (DESCRIPTOR_FORBIDDEN.test(value))
    throw errors.statementDescriptor(param, `it must not contain any of these characters: < > \\ ' " *`);
  if (!/[A-Za-z]/.test(value)) throw errors.statementDescriptor(param, 'it must contain at least one letter');
  return value;
}

function checkTaxCode(code: string, param: string): string {
  if (!TAX_CODE.test(code)) throw errors.resourceMissing('tax_code', code, param);
  return code;
}

function checkDimensions(d: PackageDimensions, param: string): PackageDimensions {
  for (const key of ['height', 'length', 'weight', 'width'] as const) {
    const v = d[key];
    if (v <= 0) throw errors.outOfRange(`${param}[${key}]`, v, 'greater than 0');
    if (decimalPlaces(v) > 2) throw errors.tooManyDecimals(`${param}[${key}]`, v, 2);
  }
  return { height: d.height, length: d.length, weight: d.weight, width: d.width };
}

/** What create and update share; a create's params fit it too. */
type Editable = Omit<UpdateProduct, 'default_price'>;

function applyFields(prod: Product, p: Editable, prefix: string): void {
  if (p.name !== undefined) {
    if (p.name === '') throw errors.invalidEmpty(at(prefix, 'name'));
    prod.name = p.name;
  }
  if (p.active !== undefined) prod.active = p.active;
  if (p.description !== undefined) prod.description = p.description || null;
  if (p.images !== undefined) prod.images = p.images ?? [];
  if (p.marketing_features !== undefined) prod.marketing_features = (p.marketing_features ?? []).map((f) => ({ name: f.name }));
  if (p.package_dimensions !== undefined)
    prod.package_dimensions = p.package_dimensions === null ? null : checkDimensions(p.package_dimensions, at(prefix, 'package_dimensions'));
  if (p.shippable !== undefined) prod.shippable = p.shippable;
  if (p.statement_descriptor !== undefined)
    prod.statement_descriptor = checkDescriptor(p.statement_descriptor, at(prefix, 'statement_descriptor'));
  if (p.unit_label !== undefined) prod.unit_label = p.unit_label || null;
  if (p.url !== undefined) prod.url = p.url || null;
  if (p.tax_code !== undefined && p.tax_details !== undefined) throw errors.onlyOneOf([at(prefix, 'tax_code'), at(prefix, 'tax_details')]);
  if (p.tax_code !== undefined) {
    prod.tax_code = p.tax_code ? checkTaxCode(p.tax_code, at(prefix, 'tax_code')) : null;
    prod.tax_details = prod.tax_code === null ? null : { performance_location: null, tax_code: prod.tax_code };
  }
  if (p.tax_details !== undefined) {
    const d = p.tax_details;
    if (d?.performance_location !== undefined)
      throw errors.resourceMissing('tax_location', d.performance_location, at(prefix, 'tax_details[performance_location]'));
    const code = d?.tax_code ? checkTaxCode(d.tax_code, at(prefix, 'tax_details[tax_code]')) : null;
    prod.tax_code = code;
    prod.tax_details = d === null ? null : { performance_location: null, tax_code: code };
  }
  prod.metadata = applyMetadata(prod.metadata, p.metadata);
  if (prod.type === 'good') {
    // Stripe: "May only be set if type=service".
    if (p.unit_label) throw errors.serviceOnly(at(prefix, 'unit_label'));
    if (p.statement_descriptor) throw errors.serviceOnly(at(prefix, 'statement_descriptor'));
  }
}

/**
 * Creates and stores a product. `prefix` names the params in errors: '' for
 * POST /v1/products, 'product_data' for a price's inline product.
 */
export async function insertProduct(ctx: Ctx, p: ProductInput, prefix = ''): Promise<Product> {
  if (p.id !== undefined) {
    if (p.id === '') throw errors.invalidEmpty(at(prefix, 'id'));
    if (await idTaken(ctx, p.id)) throw errors.productExists(at(prefix, 'id'));
  }
  const prod: Product = {
    id: p.id ?? newId('prod', 14),
    object: 'product',
    active: true,
    created: ctx.now,
    default_price: null,
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    name: p.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: p.type ?? 'service',
    unit_label: null,
    updated: ctx.now,
    url: null,
  };
  applyFields(prod, p, prefix);
  await products.insert(ctx, prod);
  return prod;
}

export async function createProduct(ctx: Ctx, p: CreateProduct): Promise<Product> {
  const { default_price_data, ...fields } = p;
  const prod = await insertProduct(ctx, fields);
  if (default_price_data !== undefined) {
    const price = await createDefaultPrice(ctx, prod.id, default_price_data, 'default_price_data');
    prod.default_price = price.id;
    await products.update(ctx, prod);
  }
  return prod;
}

export function retrieveProduct(ctx: Ctx, id: string): Promise<StoredOne | Product> {
  return findStoredById(ctx, products, id);
}

export async function updateProduct(ctx: Ctx, id: string, p: UpdateProduct): Promise<Product> {
  const prod = await findById(ctx, products, id);
  const { default_price, ...fields } = p;
  if (default_price !== undefined) {
    const price = await priceRef(ctx, default_price, 'default_price');
    if (price.product !== prod.id) throw errors.priceOfOtherProduct(price.id, prod.id);
    prod.default_price = price.id;
  }
  applyFields(prod, fields, '');
  prod.updated = ctx.now;
  await products.update(ctx, prod);
  return prod;
}

export async function deleteProduct(ctx: Ctx, id: string): Promise<DeletedProduct> {
  const prod = await findById(ctx, products, id);
  // Prices made through the API block deletion; inline `price_data` prices do not.
  if (await productHasPrices(ctx, prod.id)) throw errors.productHasPrices();
  return (await products.delete(ctx, prod)) as DeletedProduct;
}

export async function listProducts(ctx: Ctx, p: ListProducts) {
  if (p.ids !== undefined && (p.starting_after !== undefined || p.ending_before !== undefined))
    throw errors.onlyOneOf(['ids', p.starting_after !== undefined ? 'starting_after' : 'ending_before']);
  const query = {
    created: p.created,
    where: { status: p.active === undefined ? undefined : p.active ? 'active' : 'inactive', ref: p.url },
  };
  const ids = p.ids === undefined ? undefined : new Set(p.ids);
  if (ids === undefined && p.shippable === undefined && p.type === undefined)
    return listStoredPage(ctx, products, '/v1/products', p, query);
  return listPage(ctx, products, '/v1/products', p, {
    ...query,
    keep: (prod) =>
      (ids === undefined || ids.has(prod.id)) &&
      (p.shippable === undefined || prod.shippable === p.shippable) &&
      (p.type === undefined || prod.type === p.type),
  });
}

/** A live product referenced by a parameter (`product`, `price_data[product]`, ...). */
export function productRef(ctx: Ctx, id: string, param = 'product'): Promise<Product> {
  return findRef(ctx, products, id, param);
}

/** For expand[]: the product, or its deleted stub. */
export async function loadProduct(ctx: Ctx, id: string): Promise<object | undefined> {
  const prod = await products.get(ctx, id);
  if (prod) return prod;
  const gone = await deletedProducts.get(ctx, id);
  return gone ? { id: gone.id, object: 'product', deleted: true } : undefined;
}
