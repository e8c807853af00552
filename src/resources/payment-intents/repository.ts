// PaymentIntents in the objects table: `customer`, `status`, `invoice` (the invoice it pays).
import { repository } from '../../store/repository.ts';
import type { PaymentIntent } from './model.ts';

export const paymentIntents = repository<PaymentIntent>({
  type: 'payment_intent',
  columns: (pi) => ({ customer: pi.customer, status: pi.status, invoice: pi.internal.invoice ?? null }),
});
