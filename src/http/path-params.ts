// What Stripe's reference calls a route's path parameters
// (`/v1/invoiceitems/{invoiceitem}`, `/v1/invoices/{invoice}/lines/{line_item_id}`).
// Stripe counts them among a request's known names when it hints at a
// misspelled parameter: `invoice` sent to an invoice item's update gets
// `Did you mean invoiceitem?` (stripe/stripe-node#2105).

const BY_COLLECTION: Record<string, string> = {
  invoiceitems: 'invoiceitem',
  invoices: 'invoice',
  customers: 'customer',
  prices: 'price',
  tax_rates: 'tax_rate',
  coupons: 'coupon',
  webhook_endpoints: 'webhook_endpoint',
  products: 'id',
  events: 'id',
};

/** The Stripe names of a route pattern's path parameters (`/v1/invoices/:id/lines/:line`). */
export function stripePathParams(route: string): string[] {
  const segments = route.split('/');
  const names: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    if (!segments[i].startsWith(':')) continue;
    const before = segments[i - 1];
    if (before === 'lines') names.push('line_item_id');
    else if (BY_COLLECTION[before] !== undefined) names.push(BY_COLLECTION[before]);
  }
  return names;
}
