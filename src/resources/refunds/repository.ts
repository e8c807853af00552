// Refunds in the objects table: `ref` the charge, `tag` the PaymentIntent.
import { repository } from '../../store/repository.ts';
import type { Refund } from './model.ts';

export const refunds = repository<Refund>({
  type: 'refund',
  columns: (r) => ({ ref: r.charge, tag: r.payment_intent }),
});
