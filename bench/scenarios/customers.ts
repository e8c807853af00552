// Customers: the first resource that existed; useful when invoice items are not there.
import { api, auth, newKey, times, type ScenarioGroup } from '../lib/scenario.ts';
import { CEILING_GET, CEILING_POST } from './ceiling.ts';

export const customers: ScenarioGroup = {
  name: 'customers',
  target: 'invoicekit',
  async prepare(base) {
    const reader = newKey();
    await times(100, 8, (i) => api(base, reader, 'POST', '/v1/customers', `name=Customer+${i}`));
    const writer = newKey();
    return [
      { name: 'GET /v1/customers?limit=10', ceiling: CEILING_GET, load: { method: 'GET', path: '/v1/customers?limit=10', headers: auth(reader) } },
      { name: 'POST /v1/customers', ceiling: CEILING_POST, load: { method: 'POST', path: '/v1/customers', headers: auth(writer), body: 'name=Jenny+Rosen&email=jenny%40example.com' } },
    ];
  },
};
