// What the subscription tests start from: a test clock at 2030-01-01, a customer on it (with a
// default card unless told otherwise) and a recurring price. The times every one of them uses.
import type Stripe from 'stripe';
import { BASIL } from './versioned.ts';

export const HOUR = 3600;
export const DAY = 86_400;
/** 2030-01-01T00:00:00Z: a 31-day month follows, then a 28-day February. */
export const T0 = 1_893_456_000;
export const FEB1 = T0 + 31 * DAY;
export const MAR1 = FEB1 + 28 * DAY;

export interface WorldOptions {
  /** The customer's default payment method; null for none. */
  card?: string | null;
  amount?: number;
  interval?: Stripe.PriceCreateParams.Recurring.Interval;
  name?: string;
}

export async function clockedWorld(stripe: Stripe, o: WorldOptions = {}) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0 });
  const customer = await stripe.customers.create({ test_clock: clock.id, name: o.name ?? 'Clocked' } as any);
  const card = o.card === undefined ? 'pm_card_visa' : o.card;
  if (card) {
    const pm = await stripe.paymentMethods.attach(card, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  }
  const product = await stripe.products.create({ name: 'Plan' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: o.amount ?? 3100, recurring: { interval: o.interval ?? 'month' } });
  return { clock, customer, product, price };
}

/** A subscription's current period: on the subscription before basil, on its (first) item from it. */
export const periodOf = (sub: any): { start: number; end: number } =>
  BASIL ? { start: sub.items.data[0].current_period_start, end: sub.items.data[0].current_period_end } : { start: sub.current_period_start, end: sub.current_period_end };

/** A customer's invoices, oldest first. */
export const invoicesOf = async (stripe: Stripe, customer: string) => (await stripe.invoices.list({ customer, limit: 100 })).data.reverse();

/** The account's event types, oldest first. */
export const eventTypes = async (stripe: Stripe) => (await stripe.events.list({ limit: 100 })).data.map((e) => e.type).reverse();
