// The floor: InvoiceKit's own HTTP layer with nothing behind it. The compiled app (dist/), built
// as `npm start` builds it (its Fastify options, hooks, request log, error handler and form
// parser), with one more route that reads the parsed form and answers an invoice item's JSON (one
// JSON.stringify), without authenticating, validating, storing or rendering anything.
// What a create costs above this is the create's own work; what this costs above the ceiling
// is the framework's (docs/performance.md, "The limits").
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../dist/config.js';
import { createLog } from '../../dist/logging/logger.js';
import { openStore } from '../../dist/store/db.js';
import { buildApp } from '../../dist/app.js';

const config = loadConfig([], {});
const log = createLog({ format: config.logFormat, level: config.logLevel });
const store = await openStore(join(mkdtempSync(join(tmpdir(), 'invoicekit-floor-')), 'floor.sqlite'), { sqliteSync: config.sqliteSync });
const app = buildApp({ store, config, log });

const item = {
  id: 'ii_1QfLoor000000000000000', object: 'invoiceitem', amount: 1000, currency: 'usd', customer: 'cus_00000000000000',
  date: 1733400000, description: null, discountable: true, discounts: [], invoice: null, livemode: false, metadata: {},
  period: { end: 1733400000, start: 1733400000 }, pricing: null, proration: false, quantity: 1, subscription: null,
  tax_rates: [], test_clock: null, unit_amount_decimal: '1000',
};
app.post('/floor/v1/invoiceitems', (request, reply) => {
  const body = request.body ?? {};
  // The answer depends on the form, as a create's does: the parse cannot be skipped by the engine.
  const text = JSON.stringify({ ...item, amount: Number(body.amount), currency: String(body.currency) });
  reply.code(200).type('application/json').send(text);
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`floor listening on ${address}`);
process.once('SIGTERM', () => app.close().then(() => store.close()).then(() => process.exit(0)));
