// Subscriptions on test clocks, timed in prepare (no autocannon load; nothing to report as req/s):
// - subscriptions-advance: a customer with 5 monthly subscriptions, its clock advanced over 12
//   months (six advances of two months, Stripe's limit per advance); the time from the first
//   advance call until the clock is `ready` after the last (BENCH_ADVANCE_MONTHS, default 12).
// - renewals: BENCH_RENEWALS (default 10,000) customers on one test clock, a monthly subscription
//   each, all falling due at once in one advance; the time until every one is renewed (the clock
//   `ready`), and GET /v1/invoices/:id one request at a time meanwhile: its p50, p99 and max.
//   The subscriptions' first invoices are finalized (an advance of two hours) before that.
import { api, newKey, times, type ScenarioGroup } from '../lib/scenario.ts';

const T0 = 1_900_000_000;
const DAY = 86_400;
const int = (name: string, fallback: number): number => Math.max(1, Math.floor(Number(process.env[name] ?? fallback)));

async function monthlyPrice(base: string, key: string, amount: number): Promise<string> {
  const product = await api(base, key, 'POST', '/v1/products', 'name=Bench+plan');
  return (await api(base, key, 'POST', '/v1/prices', `product=${product.id}&currency=usd&unit_amount=${amount}&recurring[interval]=month`)).id;
}

/** Advances the clock to `to` and polls (every 5 ms) until it is `ready`. */
async function advance(base: string, key: string, clock: string, to: number): Promise<void> {
  await api(base, key, 'POST', `/v1/test_helpers/test_clocks/${clock}/advance`, `frozen_time=${to}`);
  for (;;) {
    const c = await api(base, key, 'GET', `/v1/test_helpers/test_clocks/${clock}`);
    if (c.status === 'ready') return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The clock's frozen time moved by `months` calendar months (UTC). */
const plusMonths = (at: number, months: number): number => {
  const d = new Date(at * 1000);
  d.setUTCMonth(d.getUTCMonth() + months);
  return Math.floor(d.getTime() / 1000);
};

/** The advance's setup and run; `beforeAdvance` runs just before the first advance call (the profiler starts there). */
export async function prepareAdvance(base: string, beforeAdvance?: () => Promise<void>): Promise<{ months: number; ms: number; invoices: number }> {
  const months = int('BENCH_ADVANCE_MONTHS', 12);
  const key = newKey();
  const clock = await api(base, key, 'POST', '/v1/test_helpers/test_clocks', `frozen_time=${T0}`);
  const customer = await api(base, key, 'POST', '/v1/customers', `test_clock=${clock.id}&payment_method=pm_card_visa`);
  const pms = await api(base, key, 'GET', `/v1/customers/${customer.id}/payment_methods`);
  await api(base, key, 'POST', `/v1/customers/${customer.id}`, `invoice_settings[default_payment_method]=${pms.data[0].id}`);
  for (let i = 0; i < 5; i++) {
    const price = await monthlyPrice(base, key, 1000 + 100 * i);
    await api(base, key, 'POST', '/v1/subscriptions', `customer=${customer.id}&items[0][price]=${price}`);
  }
  await beforeAdvance?.();
  const t = performance.now();
  for (let m = 2; m <= months; m += 2) await advance(base, key, clock.id, plusMonths(T0, Math.min(m, months)));
  const ms = performance.now() - t;
  const invoices = await api(base, key, 'GET', `/v1/invoices?customer=${customer.id}&limit=100`);
  return { months, ms, invoices: invoices.data.length };
}

export const subscriptionsAdvance: ScenarioGroup = {
  name: 'subscriptions-advance',
  target: 'invoicekit',
  async prepare(base) {
    const { months, ms, invoices } = await prepareAdvance(base);
    console.log(`  test clock advanced ${months} months, 5 monthly subscriptions: ${ms.toFixed(0)} ms (${invoices} invoices in all)`);
    return [];
  },
};

/** Sorted latencies' q-quantile. */
const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** The renewals run: `n` subscriptions seeded, then renewed in one advance while another account reads; `beforeAdvance` as in prepareAdvance. */
export async function prepareRenewals(base: string, n: number, beforeAdvance?: () => Promise<void>): Promise<{ seededMs: number; ms: number; latencies: number[] }> {
  const key = newKey();
  const clock = await api(base, key, 'POST', '/v1/test_helpers/test_clocks', `frozen_time=${T0}`);
  const price = await monthlyPrice(base, key, 1500);
  // Sent invoices (no payment method needed): a renewal makes and finalizes one without a charge.
  const seeded = performance.now();
  let lastCustomer = '';
  await times(n, 8, async () => {
    const customer = await api(base, key, 'POST', '/v1/customers', `test_clock=${clock.id}`);
    await api(base, key, 'POST', '/v1/subscriptions', `customer=${customer.id}&items[0][price]=${price}&collection_method=send_invoice&days_until_due=30`);
    lastCustomer = customer.id;
  });
  // The first invoices are finalized an hour after they were made: done before the measured
  // advance, which then holds the renewals alone (each renewal's invoice, and its finalization).
  await advance(base, key, clock.id, T0 + 2 * 3600);
  const seededMs = performance.now() - seeded;
  // A reader on another account, as a dashboard or another tenant would be.
  const reader = newKey();
  const c = await api(base, reader, 'POST', '/v1/customers', 'name=Bench+reader');
  const readable = (await api(base, reader, 'POST', '/v1/invoices', `customer=${c.id}`)).id;
  await beforeAdvance?.();
  const latencies: number[] = [];
  let done = false;
  const read = (async () => {
    while (!done) {
      const t = performance.now();
      await api(base, reader, 'GET', `/v1/invoices/${readable}`);
      latencies.push(performance.now() - t);
    }
  })();
  const t = performance.now();
  await advance(base, key, clock.id, plusMonths(T0, 1) + DAY);
  const ms = performance.now() - t;
  done = true;
  await read;
  // Every subscription renewed once: the last one seeded has its second invoice.
  const last = await api(base, key, 'GET', `/v1/invoices?customer=${lastCustomer}&limit=3`);
  if (last.data.length !== 2) throw new Error(`renewals: ${lastCustomer} has ${last.data.length} invoices, not 2`);
  return { seededMs, ms, latencies: latencies.sort((a, b) => a - b) };
}

export const renewals: ScenarioGroup = {
  name: 'renewals',
  target: 'invoicekit',
  async prepare(base) {
    const n = int('BENCH_RENEWALS', 10_000);
    const { seededMs, ms, latencies: sorted } = await prepareRenewals(base, n);
    console.log(`  renewals: ${n} subscriptions on one test clock seeded in ${(seededMs / 1000).toFixed(1)} s`);
    console.log(
      `  renewals: ${n} subscriptions renewed in one advance in ${(ms / 1000).toFixed(1)} s;` +
        ` GET /v1/invoices/:id meanwhile (${sorted.length} requests, one at a time): p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1]?.toFixed(1)} ms`,
    );
    return [];
  },
};
