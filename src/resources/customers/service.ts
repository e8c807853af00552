// Customers: create, retrieve, update, list, delete. A deleted customer keeps
// a stub row, because Stripe still answers retrieve with `deleted: true`.
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata } from '../../http/params.ts';
import { listStoredPage } from '../../http/list.ts';
import { StoredOne } from '../../http/stored-answer.ts';
import { newId } from '../../store/ids.ts';
import { customers } from './repository.ts';
import { findById, findRef } from '../lookup.ts';
import { toAddress } from '../shared-params.ts';
import type { CreateCustomer, ListCustomers, UpdateCustomer } from './params.ts';
import type { Customer, DeletedCustomer } from './model.ts';
import type { Discount } from '../discounts/model.ts';
import { createDiscount } from '../discounts/service.ts';
import { redeemPromotionCode } from '../promotion-codes/service.ts';
import { attachTo, checkOwnedBy } from '../payment-methods/service.ts';
import type { CustomerDiscountHint } from '../../versions/hints.ts';
import { clockNow, testClockRef } from '../test-clocks/time.ts';
import { recordBalanceChange } from './balance-transactions.ts';

export const TYPE = 'customer';

async function prefixTaken(ctx: Ctx, prefix: string, except?: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('invoice_prefixes')
    .select('customer')
    .where('account', '=', ctx.account)
    .where('prefix', '=', prefix)
    .executeTakeFirst();
  return row !== undefined && row.customer !== except;
}

async function claimPrefix(ctx: Ctx, prefix: string, customer: string, previous?: string): Promise<void> {
  if (previous !== undefined)
    await ctx.db.deleteFrom('invoice_prefixes').where('account', '=', ctx.account).where('prefix', '=', previous).execute();
  await ctx.db.insertInto('invoice_prefixes').values({ account: ctx.account, prefix, customer }).execute();
}

async function uniquePrefix(ctx: Ctx): Promise<string> {
  for (;;) {
    const prefix = randomBytes(4).toString('hex').slice(0, 7).toUpperCase();
    if (!(await prefixTaken(ctx, prefix))) return prefix;
  }
}

function applyFields(c: Customer, p: CreateCustomer | UpdateCustomer): void {
  if (p.address !== undefined) c.address = p.address === null ? null : toAddress(p.address);
  if (p.description !== undefined) c.description = p.description || null;
  if (p.email !== undefined) c.email = p.email || null;
  if (p.name !== undefined) c.name = p.name || null;
  if (p.phone !== undefined) c.phone = p.phone || null;
  if (p.preferred_locales !== undefined) c.preferred_locales = p.preferred_locales;
  if (p.next_invoice_sequence !== undefined) c.next_invoice_sequence = p.next_invoice_sequence;
  if (p.tax_exempt !== undefined) c.tax_exempt = p.tax_exempt ?? 'none';
  if (p.shipping !== undefined)
    c.shipping = p.shipping === null ? null : { address: toAddress(p.shipping.address), name: p.shipping.name, phone: p.shipping.phone ?? null };
  const is = p.invoice_settings;
  if (is) {
    if (is.custom_fields !== undefined) c.invoice_settings.custom_fields = is.custom_fields;
    if (is.footer !== undefined) c.invoice_settings.footer = is.footer || null;
    if (is.rendering_options !== undefined)
      c.invoice_settings.rendering_options =
        is.rendering_options === null
          ? null
          : { amount_tax_display: is.rendering_options.amount_tax_display ?? null, template: is.rendering_options.template ?? null };
  }
  c.metadata = applyMetadata(c.metadata, p.metadata);
}

export async function createCustomer(ctx: Ctx, p: CreateCustomer): Promise<Customer> {
  // A customer on a test clock lives in its time from its creation on.
  const clock = p.test_clock === undefined ? null : await testClockRef(ctx, p.test_clock, 'test_clock');
  if (clock) ctx = { ...ctx, now: await clockNow(ctx, clock.id) };
  if (p.invoice_prefix !== undefined && (await prefixTaken(ctx, p.invoice_prefix)))
    throw errors.invalidRequest(`The invoice prefix ${p.invoice_prefix} is already in use by another customer.`, 'invoice_prefix');
  const c: Customer = {
    id: newId('cus', 14),
    object: 'customer',
    address: null,
    balance: 0,
    created: ctx.now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_credit_balance: {},
    invoice_prefix: p.invoice_prefix ?? (await uniquePrefix(ctx)),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: clock?.id ?? null,
  };
  applyFields(c, p);
  // A balance given at creation is the customer's first balance transaction (`initial`).
  if (p.balance !== undefined) await recordBalanceChange(ctx, c, { amount: p.balance, type: 'initial' });
  await applyDiscountHint(ctx, c);
  await claimPrefix(ctx, c.invoice_prefix, c.id);
  await customers.insert(ctx, c);
  // "The ID of the PaymentMethod to attach to the customer": attached, not made the default.
  if (p.payment_method !== undefined) await attachTo(ctx, p.payment_method, c, 'payment_method');
  if (p.invoice_settings?.default_payment_method !== undefined) await setDefaultPaymentMethod(ctx, c, p.invoice_settings.default_payment_method);
  return c;
}

/** A deleted customer answers its stub, as Stripe does; the answer is the stored text (http/stored-answer.ts). */
export async function retrieveCustomer(ctx: Ctx, id: string): Promise<StoredOne> {
  const text = await customers.getStored(ctx, id);
  if (text === undefined) throw errors.resourceMissing('customer', id, 'id', 404);
  return new StoredOne(text);
}

export async function updateCustomer(ctx: Ctx, id: string, p: UpdateCustomer): Promise<Customer> {
  const c = await findById(ctx, customers, id);
  if (p.invoice_prefix !== undefined && p.invoice_prefix !== c.invoice_prefix) {
    if (await prefixTaken(ctx, p.invoice_prefix, c.id))
      throw errors.invalidRequest(`The invoice prefix ${p.invoice_prefix} is already in use by another customer.`, 'invoice_prefix');
    await claimPrefix(ctx, p.invoice_prefix, c.id, c.invoice_prefix);
    c.invoice_prefix = p.invoice_prefix;
  }
  applyFields(c, p);
  // Setting the balance by hand is an `adjustment` by the difference.
  if (p.balance !== undefined) await recordBalanceChange(ctx, c, { amount: p.balance - c.balance, type: 'adjustment' });
  await applyDiscountHint(ctx, c);
  if (p.invoice_settings?.default_payment_method !== undefined) await setDefaultPaymentMethod(ctx, c, p.invoice_settings.default_payment_method);
  await customers.update(ctx, c);
  return c;
}

/** `invoice_settings[default_payment_method]`: one of the customer's own PaymentMethods ('' unsets it). */
async function setDefaultPaymentMethod(ctx: Ctx, c: Customer, id: string | null): Promise<void> {
  const param = 'invoice_settings[default_payment_method]';
  if (id === null || id === '') c.invoice_settings.default_payment_method = null;
  else c.invoice_settings.default_payment_method = (await checkOwnedBy(ctx, id, c.id, param)).id;
  await customers.update(ctx, c);
}

/** An old client's `coupon` or `promotion_code` sets the discount; an empty `coupon` removes it. */
async function applyDiscountHint(ctx: Ctx, c: Customer): Promise<void> {
  const hint = ctx.hints?.customerDiscount;
  if (hint === undefined) return;
  if ('promotion_code' in hint) {
    const promo = await redeemPromotionCode(ctx, hint.promotion_code, c.id, 'promotion_code');
    c.discount = await createDiscount(ctx, promo.promotion.coupon, { customer: c.id }, 'promotion_code', promo.id);
    return;
  }
  c.discount = hint.coupon === '' ? null : await createDiscount(ctx, hint.coupon, { customer: c.id }, 'coupon');
}

/** DELETE /v1/customers/:id/discount */
export async function deleteCustomerDiscount(ctx: Ctx, id: string): Promise<Discount & { deleted: true }> {
  const c = await findById(ctx, customers, id);
  if (!c.discount) throw errors.noCustomerDiscount(c.id);
  const removed = { ...c.discount, deleted: true as const };
  c.discount = null;
  await customers.update(ctx, c);
  return removed;
}

/** The customer's discount while it lasts (a repeating coupon's discount ends). */
export function activeDiscount(c: Customer, now: number): Discount | null {
  const d = c.discount;
  return d && (d.end === null || d.end > now) ? d : null;
}

/** Saves a customer changed by another resource (balance at finalization, derived currency). */
/** The customer, its row locked until the unit of work ends (PostgreSQL): balances, invoice sequences. */
export function lockCustomer(ctx: Ctx, id: string): Promise<Customer | undefined> {
  return customers.getForUpdate(ctx, id) as Promise<Customer | undefined>;
}

/** The customer as stored (or its deleted stub), for reads by other modules. */
export function readCustomer(ctx: Ctx, id: string): Promise<Customer | DeletedCustomer | undefined> {
  return customers.get(ctx, id);
}

export async function saveCustomer(ctx: Ctx, c: Customer): Promise<void> {
  await customers.update(ctx, c);
}

export async function deleteCustomer(ctx: Ctx, id: string): Promise<DeletedCustomer> {
  const c = await findById(ctx, customers, id);
  return (await customers.delete(ctx, c)) as DeletedCustomer;
}

/** Customers on a test clock are listed only when `test_clock` names their clock ("will not include customers with test clocks if this parameter is not set"). */
export async function listCustomers(ctx: Ctx, p: ListCustomers) {
  if (p.test_clock !== undefined) await testClockRef(ctx, p.test_clock, 'test_clock');
  return listStoredPage(ctx, customers, '/v1/customers', p, { created: p.created, where: { status: null, ref: p.email, tag: p.test_clock ?? null } });
}

/** The live customers of a test clock, oldest first (its deletion deletes them). */
export function customersOnClock(ctx: Ctx, testClock: string): Promise<Customer[]> {
  return customers.all(ctx, { status: null, tag: testClock }) as Promise<Customer[]>;
}

/** A live customer referenced by a parameter. */
export function customerRef(ctx: Ctx, id: string, param = 'customer'): Promise<Customer> {
  return findRef(ctx, customers, id, param);
}

/** For expand[]: the customer, or its deleted stub. */
export async function loadCustomer(ctx: Ctx, id: string): Promise<object | undefined> {
  const c = await customers.get(ctx, id);
  if (c && c.deleted) return { id: c.id, object: 'customer', deleted: true };
  return c;
}
