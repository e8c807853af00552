// Customers in the objects table: `ref` is the email (the email= filter), `status` marks a deleted
// customer's stub: deleting one leaves `{id, object, deleted: true}` under its id, which retrieve
// answers, as Stripe does (store/repository.ts OnDelete). `tag` is the customer's test clock.
import { repository } from '../../store/repository.ts';
import type { Customer, DeletedCustomer } from './model.ts';

export const customers = repository<Customer | DeletedCustomer>({
  type: 'customer',
  columns: (c) => (c.deleted === true ? { status: 'deleted', ref: null } : { ref: (c as Customer).email, tag: (c as Customer).test_clock }),
  onDelete: 'stub',
});
