// Invoices and their lines in the objects table. An invoice's columns: `customer`,
// `status`, `ref` its number, `num` its due_date, `tag` its collection_method (all list
// filters). A line's: `invoice`. An invoice is stored without its `lines`.
import { repository } from '../../store/repository.ts';
import type { Invoice, LineItem } from './model.ts';
import type { SubscriptionLine } from '../invoice-items/model.ts';

export const invoices = repository<Invoice>({
  type: 'invoice',
  columns: (inv) => ({ customer: inv.customer, status: inv.status, ref: inv.number, num: inv.due_date, tag: inv.collection_method }),
});

export const lineItems = repository<LineItem>({ type: 'line_item', columns: (line) => ({ invoice: line.invoice }) });

/** A subscription's own charges behind its invoice lines (not API objects): `invoice` column. */
export const subscriptionLines = repository<SubscriptionLine>({ type: 'subscription_line', columns: (l) => ({ invoice: l.invoice }) });
