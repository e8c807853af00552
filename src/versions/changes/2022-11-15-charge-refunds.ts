import type { VersionChange } from '../change.ts';

export const change: VersionChange = {
  version: '2022-11-15',
  title: 'Charges no longer include `refunds`; PaymentIntents lose `charges`',
  description:
    'A Charge shows its `refunds` list only when expanded (`expand[]=refunds`), and a PaymentIntent no longer has `charges` (use `latest_charge`). Older versions show a charge\'s 10 most recent refunds and a PaymentIntent\'s charges, newest first, as lists.',
  resources: ['charge', 'payment_intent'],
  response: {
    async charge(o, r) {
      if (o.refunds !== undefined || typeof o.id !== 'string') return;
      o.refunds = await r.list('refund', o.id, `/v1/charges/${o.id}/refunds`);
    },
    async payment_intent(o, r) {
      if (typeof o.id !== 'string' || o.id === '') return;
      o.charges = await r.list('charge', o.id, `/v1/charges?payment_intent=${o.id}`);
    },
  },
};
