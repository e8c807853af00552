// Discounts: no routes of their own; applied to customers, invoices and invoice items.
import { nothing } from '../../http/expand.ts';
import { loadCoupon } from '../coupons/service.ts';
import { loadCustomer } from '../customers/service.ts';
import { loadInvoiceObject } from '../invoices/service.ts';
import type { ResourceModule } from '../module.ts';

export const discountsModule: ResourceModule = {
  name: 'discounts',
  requires: ['coupons', 'customers', 'invoices'],
  objects: [{ type: 'discount', idPrefix: 'di', columns: { customer: 'customer id', invoice: 'invoice id, or null' } }],
  expandable: [
    { owner: 'discount', path: 'source.coupon', load: loadCoupon },
    { owner: 'discount', path: 'customer', load: loadCustomer },
    { owner: 'discount', path: 'invoice', load: loadInvoiceObject },
    { owner: 'discount', path: 'promotion_code', load: nothing },
  ],
};
