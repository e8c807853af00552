// InvoicePayments in the objects table: `invoice`, `status`, `ref` the PaymentIntent.
import { repository } from '../../store/repository.ts';
import type { InvoicePayment } from './model.ts';

export const invoicePayments = repository<InvoicePayment>({
  type: 'invoice_payment',
  columns: (ip) => ({ invoice: ip.invoice, status: ip.status, ref: ip.payment.payment_intent }),
});
