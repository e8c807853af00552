// Discounts in the objects table: `customer` and `invoice` (null unless on an invoice) name their owner.
import { repository } from '../../store/repository.ts';
import type { Discount } from './model.ts';

export const discounts = repository<Discount>({
  type: 'discount',
  columns: (d) => ({ customer: d.customer, invoice: d.invoice }),
  created: (d) => d.start,
});
