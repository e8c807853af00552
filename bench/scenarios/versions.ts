// API versions: the same list of 100 invoice items read by a client at the
// newest version and by one pinned at 2023-08-16 (every item rewritten back
// through the version changes). The two should cost about the same.
import { api, auth, newKey, times, type ScenarioGroup } from '../lib/scenario.ts';
import { CEILING_GET } from './ceiling.ts';

export const versions: ScenarioGroup = {
  name: 'versions',
  target: 'invoicekit',
  async prepare(base) {
    const key = newKey();
    const customer = await api(base, key, 'POST', '/v1/customers', 'name=Bench+versions');
    const product = await api(base, key, 'POST', '/v1/products', 'name=Bench+product');
    const price = await api(base, key, 'POST', '/v1/prices', `product=${product.id}&unit_amount=1099&currency=usd`);
    // Half priced by amount, half by a price (old versions embed the whole Price object).
    await times(100, 8, (i) =>
      api(base, key, 'POST', '/v1/invoiceitems', i % 2 ? `customer=${customer.id}&amount=${100 + i}&currency=usd` : `customer=${customer.id}&pricing[price]=${price.id}`),
    );
    const path = '/v1/invoiceitems?limit=100';
    return [
      { name: 'GET /v1/invoiceitems?limit=100 (newest)', ceiling: CEILING_GET, load: { method: 'GET', path, headers: auth(key) } },
      {
        name: 'GET /v1/invoiceitems?limit=100 (2023-08-16)',
        ceiling: CEILING_GET,
        load: { method: 'GET', path, headers: { ...auth(key), 'stripe-version': '2023-08-16' } },
      },
    ];
  },
};
