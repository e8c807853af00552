// Compile-time proof (tsc runs in `npm test`): what each renderer returns, in
// the newest API shape, is assignable to the stripe package's own type for
// that object, read with wire-format decimals (the SDK turns decimal strings
// into Stripe.Decimal objects on arrival).
import type Stripe from 'stripe';
import type { Customer, DeletedCustomer } from '../../src/resources/customers/model.ts';
import type { Product } from '../../src/resources/products/model.ts';
import type { Price } from '../../src/resources/prices/model.ts';
import type { TaxRate } from '../../src/resources/tax-rates/model.ts';
import type { Coupon } from '../../src/resources/coupons/model.ts';
import type { Discount } from '../../src/resources/discounts/model.ts';
import type { InvoiceItem } from '../../src/resources/invoice-items/model.ts';
import type { Invoice, LineItem } from '../../src/resources/invoices/model.ts';
import type { ListEnvelope } from '../../src/http/list.ts';

/** The SDK's type as JSON on the wire: Stripe.Decimal is a string there. */
export type OnWire<T> = T extends Stripe.Decimal
  ? string
  : T extends (infer E)[]
    ? OnWire<E>[]
    : T extends object
      ? { [K in keyof T]: OnWire<T[K]> }
      : T;

type Assignable<A extends B, B> = A;

/** Our invoice as every endpoint returns it: with its first page of lines. */
type RenderedInvoice = Invoice & { lines: ListEnvelope<LineItem> };

export type Checks = [
  Assignable<Customer, OnWire<Stripe.Customer>>,
  Assignable<DeletedCustomer, OnWire<Stripe.DeletedCustomer>>,
  Assignable<Product, OnWire<Stripe.Product>>,
  Assignable<Price, OnWire<Stripe.Price>>,
  Assignable<TaxRate, OnWire<Stripe.TaxRate>>,
  Assignable<Coupon, OnWire<Stripe.Coupon>>,
  Assignable<Discount, OnWire<Stripe.Discount>>,
  Assignable<InvoiceItem, OnWire<Stripe.InvoiceItem>>,
  Assignable<LineItem, OnWire<Stripe.InvoiceLineItem>>,
  Assignable<RenderedInvoice, OnWire<Stripe.Invoice>>,
];
