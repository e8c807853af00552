// Invoice items, the hot paths: list a seeded page, retrieve one, create (as curl would,
// and as the SDKs do, with a fresh Idempotency-Key on every POST).
import { api, auth, newKey, times, type ScenarioGroup } from '../lib/scenario.ts';
import { CEILING_GET, CEILING_POST } from './ceiling.ts';

export const LIST = 'GET /v1/invoiceitems?limit=10';
export const RETRIEVE = 'GET /v1/invoiceitems/:id';
export const CREATE = 'POST /v1/invoiceitems';
export const CREATE_KEYED = 'POST /v1/invoiceitems (Idempotency-Key)';

export const invoiceItems: ScenarioGroup = {
  name: 'invoiceitems',
  target: 'invoicekit',
  async prepare(base) {
    // Listing: its own account with ~100 items, untouched by the create scenarios.
    const reader = newKey();
    const listed = await api(base, reader, 'POST', '/v1/customers', 'name=Bench+reader');
    let item = '';
    await times(100, 8, async (i) => {
      item = (await api(base, reader, 'POST', '/v1/invoiceitems', `customer=${listed.id}&amount=${100 + i}&currency=usd`)).id;
    });
    const writer = newKey();
    const customer = await api(base, writer, 'POST', '/v1/customers', 'name=Bench+writer');
    const body = `customer=${customer.id}&amount=1000&currency=usd`;
    return [
      { name: LIST, ceiling: CEILING_GET, load: { method: 'GET', path: '/v1/invoiceitems?limit=10', headers: auth(reader) } },
      { name: RETRIEVE, ceiling: CEILING_GET, load: { method: 'GET', path: `/v1/invoiceitems/${item}`, headers: auth(reader) } },
      { name: CREATE, ceiling: CEILING_POST, load: { method: 'POST', path: '/v1/invoiceitems', headers: auth(writer), body } },
      {
        name: CREATE_KEYED,
        ceiling: CEILING_POST,
        load: { method: 'POST', path: '/v1/invoiceitems', headers: { ...auth(writer), 'idempotency-key': 'bench-[<id>]' }, body, idReplacement: true },
      },
    ];
  },
};
