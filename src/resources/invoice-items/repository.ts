// Invoice items in the objects table: `customer`, and `invoice` (null while pending);
// lists order and filter them by `date` (they have no `created`).
import { repository } from '../../store/repository.ts';
import type { InvoiceItem } from './model.ts';

export const invoiceItems = repository<InvoiceItem>({
  type: 'invoiceitem',
  columns: (item) => ({ customer: item.customer, invoice: item.invoice }),
  created: (item) => item.date,
});
