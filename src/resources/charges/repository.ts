// Charges in the objects table: `customer`, `invoice` (the invoice it paid), `status`, `ref` the PaymentIntent.
import { repository } from '../../store/repository.ts';
import type { Charge } from './model.ts';

export const charges = repository<Charge>({
  type: 'charge',
  columns: (ch) => ({ customer: ch.customer, invoice: ch.internal.invoice ?? null, status: ch.status, ref: ch.payment_intent }),
});
