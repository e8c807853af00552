import { errors } from '../../http/errors.ts';
import { integerOrNull } from '../../billing/decimal-amount.ts';
import type { FormParams } from '../../http/form.ts';
import { drop, type Json, type RenderCtx, type VersionChange } from '../change.ts';
import { eachElement, rejectNew, rename } from '../request-helpers.ts';

/** Old clients price items with `price` and `unit_amount`; the newest API with `pricing[price]` and `unit_amount_decimal`. */
function oldPricingParams(params: FormParams, renames: Record<string, string>, path = ''): void {
  const at = (name: string) => (path ? `${path}[${name}]` : name);
  rejectNew(params, 'pricing', path);
  if (params.price !== undefined) {
    params.pricing = { price: params.price };
    delete params.price;
    renames[`${at('pricing')}[price]`] = at('price');
  }
  if (params.unit_amount !== undefined) {
    if (params.amount !== undefined) throw errors.onlyOneOf([at('amount'), at('unit_amount')]);
    if (params.unit_amount_decimal !== undefined) throw errors.onlyOneOf([at('unit_amount'), at('unit_amount_decimal')]);
    const v = params.unit_amount;
    if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw errors.invalidInteger(at('unit_amount'), v);
    rename(params, 'unit_amount', 'unit_amount_decimal', renames, path);
  }
}

/**
 * The whole Price an old version embeds, or null (priced by amount). Synchronous when the
 * Price is already loaded for this response (or expanded); otherwise the load, shared by every
 * object embedding the same Price in this response.
 */
function embeddedPrice(o: Json, r: RenderCtx): Json | null | Promise<Json | undefined> {
  const id = o.pricing?.price_details?.price;
  if (typeof id === 'object' && id !== null) return id as Json; // already expanded
  if (typeof id !== 'string') return null;
  const hit = r.loaded('price', id);
  return hit !== undefined ? hit : r.load('price', id);
}

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Invoice items are priced through `pricing`',
  description:
    'Invoice items lose `price`, `plan`, `subscription`, `unit_amount` and `unit_amount_decimal`, and gain `pricing` (`price_details.price`, `unit_amount_decimal`) and `parent`. Requests lose `price` (use `pricing[price]`) and `unit_amount` (use `unit_amount_decimal`). Older versions embed the whole Price object in `price` (null for items priced by amount) and accept the old parameters.',
  resources: ['invoiceitem'],
  response: {
    invoiceitem(o, r) {
      const unit = o.pricing?.unit_amount_decimal ?? null;
      const price = embeddedPrice(o, r);
      o.plan = null;
      o.price = price instanceof Promise ? null : price;
      o.subscription = o.parent?.subscription_details?.subscription ?? null;
      if (o.parent?.subscription_details?.subscription_item) o.subscription_item = o.parent.subscription_details.subscription_item;
      o.unit_amount = unit === null ? null : integerOrNull(String(unit));
      o.unit_amount_decimal = unit === null ? null : String(unit);
      drop(o, 'pricing');
      drop(o, 'parent');
      if (price instanceof Promise) {
        // Set when the load is in; the rest of the chain resumes after (render.ts), with the other objects waiting on it.
        void price.then((p) => {
          o.price = p ?? null;
        });
        return price;
      }
    },
  },
  request(req) {
    if (req.route === '/v1/invoices/upcoming' || req.route === '/v1/invoices/upcoming/lines')
      eachElement(req.params.invoice_items, (el, path) => oldPricingParams(el, req.renames, path), 'invoice_items');
    if (req.method !== 'POST') return;
    if (req.route === '/v1/invoiceitems' || req.route === '/v1/invoiceitems/:id' || req.route === '/v1/invoices/:id/lines/:line')
      oldPricingParams(req.params, req.renames);
    if (req.route === '/v1/invoices/:id/add_lines' || req.route === '/v1/invoices/:id/update_lines')
      eachElement(req.params.lines, (el, path) => oldPricingParams(el, req.renames, path), 'lines');
    if (req.route === '/v1/invoices/create_preview')
      eachElement(req.params.invoice_items, (el, path) => oldPricingParams(el, req.renames, path), 'invoice_items');
  },
};

export { embeddedPrice };
