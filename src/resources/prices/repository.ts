// Prices in the objects table: `ref` the product id; `status` 'active' | 'inactive' for prices
// made through the API (list filters), and 'inline' for prices made from `price_data`: a state
// only this column holds (the JSON shows `active: false`), kept by every later update, and
// lists never show them ("Returns a list of your active prices, excluding inline prices",
// stripe@23 PriceResource.list). Stripe has no DELETE for prices.
import { repository } from '../../store/repository.ts';
import type { Price } from './model.ts';

export const prices = repository<Price>({
  type: 'price',
  columns: (p) => ({ ref: p.product, status: p.active ? 'active' : 'inactive' }),
  sticky: { status: 'inline' },
});
