// Every change module, newest first. Adding a breaking change = adding a file here.
import type { VersionChange } from '../change.ts';
import { change as quantityDecimal } from './2026-03-25-quantity-decimal.ts';
import { change as lineSubtotal } from './2025-12-15-line-subtotal-customer-account.ts';
import { change as discountSource } from './2025-09-30-discount-source.ts';
import { change as itemNetAmount } from './2025-09-30-invoice-item-net-amount.ts';
import { change as invoiceItemPricing } from './2025-03-31-invoice-item-pricing.ts';
import { change as lineItemParent } from './2025-03-31-line-item-parent.ts';
import { change as invoicePayments } from './2025-03-31-invoice-payments.ts';
import { change as paymentInvoiceLink } from './2025-03-31-payment-invoice-link.ts';
import { change as priceAggregateUsage } from './2025-03-31-price-aggregate-usage.ts';
import { change as customerCoupon } from './2025-03-31-customer-coupon.ts';
import { change as upcomingInvoice } from './2025-03-31-upcoming-invoice.ts';
import { change as previewNeedsDetails } from './2025-03-31-preview-needs-details.ts';
import { change as taxRateFlatAmount } from './2024-10-28-tax-rate-flat-amount.ts';
import { change as finalizationParam } from './2024-10-28-invoice-finalization-param.ts';
import { change as finalizationSchedule } from './2024-09-30-invoice-finalization-schedule.ts';
import { change as renderingRename } from './2024-04-10-rendering-and-marketing-features.ts';
import { change as invoiceRendering } from './2023-10-16-invoice-rendering.ts';
import { change as productAttributes } from './2023-08-16-product-attributes.ts';
import { change as chargeRefunds } from './2022-11-15-charge-refunds.ts';
import { change as pendingItemsDefault } from './2022-08-01-pending-items-default.ts';
import { change as customerDefaultCurrency } from './2022-08-01-customer-default-currency.ts';

export const CHANGES: readonly VersionChange[] = [
  quantityDecimal,
  lineSubtotal,
  discountSource,
  itemNetAmount,
  invoiceItemPricing,
  lineItemParent,
  invoicePayments,
  paymentInvoiceLink,
  priceAggregateUsage,
  customerCoupon,
  upcomingInvoice,
  previewNeedsDetails,
  taxRateFlatAmount,
  finalizationParam,
  finalizationSchedule,
  renderingRename,
  invoiceRendering,
  productAttributes,
  chargeRefunds,
  pendingItemsDefault,
  customerDefaultCurrency,
];
