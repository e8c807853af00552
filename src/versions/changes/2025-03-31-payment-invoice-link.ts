import type { Json, VersionChange } from '../change.ts';

const invoiceOf = (o: Json): string | null => ((o.internal ?? {}) as Json).invoice ?? null;

export const change: VersionChange = {
  version: '2025-03-31.basil',
  title: 'Charges and PaymentIntents lose `invoice`',
  description:
    'Charges and PaymentIntents no longer name the invoice they pay (an invoice\'s payments are InvoicePayments now). Older versions show `invoice`: the invoice whose payment made them, or null.',
  resources: ['charge', 'payment_intent'],
  response: {
    charge(o) {
      o.invoice = invoiceOf(o);
    },
    payment_intent(o) {
      o.invoice = invoiceOf(o);
    },
  },
};
