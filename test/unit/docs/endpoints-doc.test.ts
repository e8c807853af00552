// The README lists every endpoint the server serves: regenerate with `npm run docs:endpoints`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { endpointTable, withTable } from '../../../src/docs/endpoints.ts';
import { repoFile } from '../../helpers/repo.ts';

test('the README endpoint table is the one generated from the routes', async () => {
  const readme = readFileSync(repoFile('README.md'), 'utf8');
  const table = await endpointTable();
  assert.match(table, /`POST` \| `\/v1\/customers` \|/);
  assert.match(table, /`POST` \| `\/_invoicekit\/reset` \|/);
  assert.equal(withTable(readme, table), readme, 'README.md is out of date: run `npm run docs:endpoints`');
});
