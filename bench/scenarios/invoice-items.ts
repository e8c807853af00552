// Invoice items: list a seeded page, create (as curl would, and as the SDK does,
// with a fresh Idempotency-Key on every POST).
import { api, auth, newKey, times, type ScenarioGroup } from '../lib/scenario.ts';
import { CEILING_GET, CEILING_POST } from './ceiling.ts';

export const invoiceItems: ScenarioGroup = {
  name: 'invoiceitems',
  target: 'invoicekit',
  async prepare(base) {
    // Listing: its own account with ~100 items, untouched by the create scenarios.
    const reader = newKey();
    const listed = await api(base, reader, 'POST', '/v1/customers', 'name=Bench+reader');
    await times(100, 8, (i) => api(base, reader, 'POST', '/v1/invoiceitems', `customer=${listed.id}&amount=${100 + i}&currency=usd`));
    const writer = newKey();
    const customer = await api(base, writer, 'POST', '/v1/customers', 'name=Bench+writer');
    const body = `customer=${customer.id}&amount=1000&currency=usd`;
    return [
      { name: 'GET /v1/invoiceitems?limit=10', ceiling: CEILING_GET, load: { method: 'GET', path: '/v1/invoiceitems?limit=10', headers: auth(reader) } },
      { name: 'POST /v1/invoiceitems', ceiling: CEILING_POST, load: { method: 'POST', path: '/v1/invoiceitems', headers: auth(writer), body } },
      {
        name: 'POST /v1/invoiceitems (Idempotency-Key)',
        ceiling: CEILING_POST,
        load: { method: 'POST', path: '/v1/invoiceitems', headers: { ...auth(writer), 'idempotency-key': 'bench-[<id>]' }, body, idReplacement: true },
      },
    ];
  },
};
