import { errors } from '../../http/errors.ts';
import type { FormParams } from '../../http/form.ts';
import type { RequestInput, VersionChange } from '../change.ts';


function stringParam(params: FormParams, name: string): string | undefined {
  const v = params[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw errors.invalidString(name, v);
  delete params[name];
  return v;
}

/** Customers: `coupon`/`promotion_code` become a hint the customer service applies (no newest param can say it). */
function customerParams(req: RequestInput): void {
  const coupon = stringParam(req.params, 'coupon');
  const promotion = stringParam(req.params, 'promotion_code');
  if (coupon !== undefined && promotion !== undefined) throw errors.onlyOneOf(['coupon', 'promotion_code']);
  if (coupon !== undefined) req.hints.customerDiscount = { coupon };
  if (promotion !== undefined) req.hints.customerDiscount = { promotion_code: promotion };
}

/** Previews: `coupon` is the first of `discounts`. */
function previewParams(req: RequestInput): void {
  const coupon = stringParam(req.params, 'coupon');
  if (coupon === undefined) return;
  if (req.params.discounts !== undefined) throw errors.onlyOneOf(['coupon', 'discounts']);
  req.params.discounts = coupon === '' ? '' : [{ coupon }];
  req.renames['discounts[0][coupon]'] = 'coupon';
}

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Customers and previews lose the `coupon` parameter',
  description:
    'Creating or updating a customer no longer accepts `coupon` or `promotion_code`, and invoice previews no longer accept `coupon` (use `discounts`). Older versions may set a customer\'s discount with `coupon` (an empty value removes it); invoices created without `discounts` inherit it, a `once` coupon for one invoice, a `repeating` one until its months end. Promotion codes do not exist here: naming one is `resource_missing`.',
  resources: ['customer', 'invoice'],
  request(req) {
    if (req.method === 'POST' && (req.route === '/v1/customers' || req.route === '/v1/customers/:id')) customerParams(req);
    if (
      (req.method === 'POST' && req.route === '/v1/invoices/create_preview') ||
      (req.method === 'GET' && (req.route === '/v1/invoices/upcoming' || req.route === '/v1/invoices/upcoming/lines'))
    )
      previewParams(req);
  },
};
