// The ceiling: the same request shapes against a bare node:http server. The floor: the create's
// request against InvoiceKit's own HTTP layer with nothing behind the route (lib/floor-server.mjs).
import type { ScenarioGroup } from '../lib/scenario.ts';
import { startFloor } from '../lib/processes.ts';

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

export const FLOOR_POST = 'floor POST (the app, no work)';

export const floor: ScenarioGroup = {
  name: 'floor',
  target: 'ceiling',
  start: startFloor,
  async prepare() {
    const headers = { authorization: 'Bearer sk_test_floor' };
    const body = 'customer=cus_00000000000000&amount=1000&currency=usd';
    return [{ name: FLOOR_POST, ceiling: CEILING_POST, load: { method: 'POST', path: '/floor/v1/invoiceitems', headers, body } }];
  },
};
