// The module list: a missing dependency, a type or expandable field declared
// twice fail when the app is built, with a message naming what is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../../src/app.ts';
import { openStore } from '../../../src/store/db.ts';
import { resourceModules } from '../../../src/resources/modules.ts';
import { buildRegistry, ModuleError } from '../../../src/resources/registry.ts';
import type { ResourceModule } from '../../../src/resources/module.ts';

const without = (name: string) => resourceModules.filter((m) => m.name !== name);

test('building the app without a module another requires fails at start, naming both', async () => {
  const store = await openStore(':memory:');
  try {
    assert.throws(
      () => buildApp({ store, modules: without('customers') }),
      (err: unknown) =>
        err instanceof ModuleError && /Module "[a-z-]+" requires module "customers", which is not in the module list/.test(err.message),
    );
    // The whole list builds, and serves.
    const app = buildApp({ store });
    const res = await app.inject({ method: 'GET', url: '/v1/customers', headers: { authorization: 'Bearer sk_test_modules' } });
    assert.equal(res.statusCode, 200);
    await app.close();
  } finally {
    await store.close();
  }
});

test('every module names what it requires, and the list has each once', () => {
  const names = resourceModules.map((m) => m.name);
  assert.equal(new Set(names).size, names.length);
  for (const m of resourceModules) for (const dep of m.requires ?? []) assert.ok(names.includes(dep), `${m.name} requires ${dep}`);
  const registry = buildRegistry(resourceModules);
  assert.equal(registry.objectTypes.get('invoice')?.idPrefix, 'in');
  assert.deepEqual(registry.jobs.map((j) => j.name), ['invoice.overdue sweep', 'test clock advances', 'timers']);
  assert.ok(registry.timers.has('invoice.collection'));
  // The test cards' later refund outcomes are timers now, not a job of their own.
  assert.ok(registry.timers.has('refund.settle'));
});

test('a type or an expandable field declared twice is refused', () => {
  const extra = (m: Partial<ResourceModule>): ResourceModule => ({ name: 'extra', objects: [], ...m });
  assert.throws(() => buildRegistry([...resourceModules, extra({ objects: [{ type: 'customer', idPrefix: 'cus' }] })]), /Object type "customer" is declared by two modules/);
  assert.throws(
    () => buildRegistry([...resourceModules, extra({ expandable: [{ owner: 'invoice', path: 'customer', load: async () => undefined }] })]),
    /invoice\.customer is declared twice/,
  );
  assert.throws(
    () => buildRegistry([...resourceModules, extra({ timers: [{ kind: 'invoice.collection', run: async () => undefined }] })]),
    /Timer kind "invoice.collection" is handled by two modules/,
  );
  assert.throws(() => buildRegistry([...resourceModules, resourceModules[0]]), /in the module list twice/);
});
