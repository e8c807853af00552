// The ceiling: the same request shapes against a bare node:http server.
import type { ScenarioGroup } from '../lib/scenario.ts';

export const CEILING_GET = 'ceiling GET';
export const CEILING_POST = 'ceiling POST';

export const ceiling: ScenarioGroup = {
  name: 'ceiling',
  target: 'ceiling',
  async prepare() {
    const headers = { authorization: 'Bearer sk_test_ceiling' };
    return [
      { name: CEILING_GET, load: { method: 'GET', path: '/v1/invoiceitems?limit=10', headers } },
      { name: CEILING_POST, load: { method: 'POST', path: '/v1/invoiceitems', headers, body: 'customer=cus_00000000000000&amount=1000&currency=usd' } },
    ];
  },
};
