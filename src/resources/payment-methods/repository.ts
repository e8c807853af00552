// PaymentMethods in the objects table: `customer` is the customer it is attached to, `status` 'spent' once it can never be used again.
import { repository } from '../../store/repository.ts';
import type { PaymentMethod } from './model.ts';

export const paymentMethods = repository<PaymentMethod>({
  type: 'payment_method',
  columns: (pm) => ({ customer: pm.customer, status: pm.internal.spent ? 'spent' : null }),
});
