import { s, type InferFields } from '../../http/params.ts';
import { listFields } from '../../http/list.ts';
import { taxBehavior } from '../shared-params.ts';

const productType = s.enum(['good', 'service'] as const);
const image = s.string({ max: 2048 });
const marketingFeature = s.object({ name: s.string({ max: 80, required: true }) });
const packageDimensions = {
  height: s.number({ required: true }),
  length: s.number({ required: true }),
  weight: s.number({ required: true }),
  width: s.number({ required: true }),
};
const taxDetails = { performance_location: s.id(), tax_code: s.id({ emptyable: true }) };

/** The price `default_price_data` creates, set as the product's default price. */
export const defaultPriceData = s.object({
  currency: s.currency({ required: true }),
  metadata: s.metadata(),
  recurring: s.object({
    interval: s.enum(['day', 'week', 'month', 'year'] as const, { required: true }),
    interval_count: s.integer({ min: 1 }),
  }),
  tax_behavior: taxBehavior,
  unit_amount: s.integer({ min: 0, max: 999_999_999_999 }),
  unit_amount_decimal: s.decimal(),
});

export const createProduct = {
  name: s.string({ max: 5000, required: true }),
  active: s.boolean(),
  default_price_data: defaultPriceData,
  description: s.string({ max: 40000 }),
  id: s.string({ max: 5000 }),
  images: s.array(image, { max: 8 }),
  marketing_features: s.array(marketingFeature, { max: 15 }),
  metadata: s.metadata(),
  package_dimensions: s.object(packageDimensions),
  shippable: s.boolean(),
  statement_descriptor: s.string({ max: 22 }),
  tax_code: s.id(),
  tax_details: s.object(taxDetails),
  type: productType,
  unit_label: s.string({ max: 12 }),
  url: s.string({ max: 5000 }),
};

export const updateProduct = {
  active: s.boolean(),
  default_price: s.id(),
  description: s.string({ max: 40000, emptyable: true }),
  images: s.array(image, { max: 8, emptyable: true }),
  marketing_features: s.array(marketingFeature, { max: 15, emptyable: true }),
  metadata: s.metadata(),
  name: s.string({ max: 5000 }),
  package_dimensions: s.object(packageDimensions, { emptyable: true }),
  shippable: s.boolean(),
  statement_descriptor: s.string({ max: 22 }),
  tax_code: s.id({ emptyable: true }),
  tax_details: s.object(taxDetails, { emptyable: true }),
  unit_label: s.string({ max: 12, emptyable: true }),
  url: s.string({ max: 5000, emptyable: true }),
};

export const listProducts = {
  ...listFields,
  active: s.boolean(),
  created: s.range(),
  ids: s.array(s.id(), { max: 100 }),
  shippable: s.boolean(),
  type: productType,
  url: s.string({ max: 5000 }),
};

/** `product_data` on price create: the fields Stripe takes there. */
export const productData = s.object({
  name: s.string({ max: 5000, required: true }),
  active: s.boolean(),
  id: s.string({ max: 5000 }),
  metadata: s.metadata(),
  statement_descriptor: s.string({ max: 22 }),
  tax_code: s.id(),
  tax_details: s.object(taxDetails),
  unit_label: s.string({ max: 12 }),
});

export type CreateProduct = InferFields<typeof createProduct>;
export type UpdateProduct = InferFields<typeof updateProduct>;
export type ListProducts = InferFields<typeof listProducts>;
export type DefaultPriceData = InferFields<(typeof defaultPriceData)['fields']>;
export type ProductData = InferFields<(typeof productData)['fields']>;
