// The pay form's and the 3D Secure page's check that a POST comes from their own page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { sameOriginPost } from '../../../src/pages/same-origin.ts';

const req = (headers: Record<string, string>) => ({ headers: { host: 'invoices.example:8080', ...headers } }) as unknown as FastifyRequest;

test('Sec-Fetch-Site decides when a browser sends it', () => {
  assert.equal(sameOriginPost(req({ 'sec-fetch-site': 'same-origin', origin: 'null' })), true);
  assert.equal(sameOriginPost(req({ 'sec-fetch-site': 'none' })), true);
  assert.equal(sameOriginPost(req({ 'sec-fetch-site': 'cross-site', origin: 'http://invoices.example:8080' })), false);
  assert.equal(sameOriginPost(req({ 'sec-fetch-site': 'same-site' })), false);
});

test('otherwise Origin must be this host; no Origin (curl) passes, "null" does not', () => {
  assert.equal(sameOriginPost(req({ origin: 'http://invoices.example:8080' })), true);
  assert.equal(sameOriginPost(req({ origin: 'https://evil.example' })), false);
  assert.equal(sameOriginPost(req({ origin: 'null' })), false);
  assert.equal(sameOriginPost(req({ origin: 'not a url' })), false);
  assert.equal(sameOriginPost(req({})), true);
});
