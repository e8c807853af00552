// Hints checked against the error bodies Stripe sent, as quoted in public issues.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, jaroWinkler, levenshtein } from '../../../src/http/did-you-mean.ts';
import { errors } from '../../../src/http/errors.ts';
import { stripePathParams } from '../../../src/http/path-params.ts';

// Invoice item creation at basil+ (src/resources/invoice-items/params.ts), and its update before basil.
const ITEM_CREATE = ['amount', 'currency', 'customer', 'customer_account', 'description', 'discountable', 'discounts', 'invoice', 'metadata', 'period', 'price_data', 'pricing', 'quantity', 'quantity_decimal', 'subscription', 'tax_behavior', 'tax_code', 'tax_rates', 'unit_amount_decimal'];
const ITEM_UPDATE_2022 = ['amount', 'description', 'discountable', 'discounts', 'metadata', 'period', 'price', 'price_data', 'quantity', 'tax_behavior', 'tax_code', 'tax_rates', 'unit_amount', 'unit_amount_decimal'];

test('the distances the hints are built on', () => {
  assert.equal(levenshtein('price', 'pricing'), 3);
  assert.equal(levenshtein('', 'abc'), 3);
  assert.equal(levenshtein('customers', 'customer'), 1);
  assert.equal(jaroWinkler('same', 'same'), 1);
  assert.equal(jaroWinkler('abc', 'xyz'), 0);
  assert.ok(jaroWinkler('price_data', 'price') > jaroWinkler('pricing', 'price'));
});

test("Stripe's real hints: renamed, pluralized, camel-cased, quoted, and the path parameter", () => {
  // The example: price is pricing at basil+ (price_data is closer by Jaro-Winkler but too many edits away).
  assert.equal(didYouMean('price', ITEM_CREATE), 'pricing');
  // stripe/stripe-react-native#874: payment intents, `customers`.
  assert.equal(didYouMean('customers', ['amount', 'currency', 'customer', 'description', 'metadata', 'payment_method']), 'customer');
  // baptisteArno/typebot.io#822: `...[address][postalCode]. Did you mean postal_code?`
  assert.equal(didYouMean('postalCode', ['city', 'country', 'line1', 'line2', 'postal_code', 'state']), 'postal_code');
  // microsoft/azure-api-management-monetization#57: `"recurring` on prices.
  assert.equal(didYouMean('"recurring', ['currency', 'nickname', 'product', 'recurring', 'unit_amount']), 'recurring');
  // stripe/stripe-node#2105: `invoice` on an invoice item's update (2022-08-01) names the path parameter.
  assert.equal(didYouMean('invoice', [...ITEM_UPDATE_2022, ...stripePathParams('/v1/invoiceitems/:id')]), 'invoiceitem');
  // solspace/craft-freeform#2133: subscriptions, `payment_method_configuration`.
  assert.equal(
    didYouMean('payment_method_configuration', ['automatic_tax', 'collection_method', 'customer', 'default_payment_method', 'items', 'payment_behavior', 'payment_settings', 'proration_behavior', 'trial_period_days']),
    'payment_behavior',
  );
});

test('no hint when nothing is close (stripe/stripe-node#317 `name` on 2017 customers, #1323 `status`)', () => {
  assert.equal(didYouMean('name', ['account_balance', 'business_vat_id', 'coupon', 'default_source', 'description', 'email', 'metadata', 'shipping', 'source']), undefined);
  assert.equal(didYouMean('status', ['created', 'customer', 'ending_before', 'limit', 'starting_after', 'expand']), undefined);
  assert.equal(didYouMean('x', ['amount']), undefined);
  assert.equal(didYouMean('amount', []), undefined);
});

test("the catalogue's message: the hint names the key alone, the param keeps its path", () => {
  const e = errors.unknownParam('period[ends]', ['start', 'end']);
  assert.equal(e.message, 'Received unknown parameter: period[ends]. Did you mean end?');
  assert.equal(e.param, 'period[ends]');
  assert.equal(e.code, 'parameter_unknown');
  assert.equal(errors.unknownParam('foo', ['amount']).message, 'Received unknown parameter: foo');
  assert.equal(errors.unknownParam('pricing').message, 'Received unknown parameter: pricing');
});

test("routes' path parameters by Stripe's names", () => {
  assert.deepEqual(stripePathParams('/v1/invoiceitems/:id'), ['invoiceitem']);
  assert.deepEqual(stripePathParams('/v1/invoices/:id/lines/:line'), ['invoice', 'line_item_id']);
  assert.deepEqual(stripePathParams('/v1/products/:id'), ['id']);
  assert.deepEqual(stripePathParams('/v1/invoices'), []);
});
