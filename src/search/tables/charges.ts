// Query fields for charges (docs.stripe.com/search#query-fields-for-charges; field list as
// Stripe's agent toolkit states it). `refunded` is three-valued at Stripe: "true" fully
// refunded, "false" partially refunded, null not refunded at all.
import { at, type SearchField, type SearchTable } from '../fields.ts';

const refunded: SearchField = {
  kind: 'token',
  value: (ch) => ((ch.amount_refunded as number) > 0 ? ch.refunded === true : null),
};

/** `payment_method_details.{SOURCE}.*` for each source Stripe names (only `card` exists here). */
function paymentMethodDetails(): Record<string, SearchField> {
  const out: Record<string, SearchField> = {};
  for (const source of ['card', 'card_present', 'interac_present']) {
    const base = `payment_method_details.${source}`;
    out[`${base}.brand`] = at('token', `${base}.brand`);
    out[`${base}.exp_month`] = at('number', `${base}.exp_month`);
    out[`${base}.exp_year`] = at('number', `${base}.exp_year`);
    out[`${base}.fingerprint`] = at('token', `${base}.fingerprint`);
    out[`${base}.last4`] = at('token', `${base}.last4`);
  }
  return out;
}

export const charges: SearchTable = {
  resource: 'charges',
  type: 'charge',
  fields: {
    amount: at('number', 'amount'),
    'billing_details.address.postal_code': at('string', 'billing_details.address.postal_code'),
    created: at('number', 'created'),
    currency: at('token', 'currency'),
    customer: at('token', 'customer'),
    disputed: at('token', 'disputed'),
    ...paymentMethodDetails(),
    refunded,
    status: at('token', 'status'),
  },
  metadata: true,
};
