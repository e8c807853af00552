// Every change module, newest first. Adding a breaking change = adding a file here.
// Only breaking changes: a field or parameter Stripe added without one is shown
// to and accepted from every version, as Stripe does.
import type { VersionChange } from '../change.ts';
import { change as previewBillingCycleAnchor } from './2026-09-30-preview-billing-cycle-anchor.ts';
import { change as billingModeDefault } from './2025-09-30-billing-mode-default.ts';
import { change as discountSource } from './2025-09-30-discount-source.ts';
import { change as promotionCodePromotion } from './2025-09-30-promotion-code-promotion.ts';
import { change as mixedIntervals } from './2025-07-30-mixed-intervals.ts';
import { change as cancelAtEnums } from './2025-07-30-cancel-at-enums.ts';
import { change as subscriptionPeriods } from './2025-03-31-subscription-periods.ts';
import { change as subscriptionDiscount } from './2025-03-31-subscription-discount.ts';
import { change as invoiceItemPricing } from './2025-03-31-invoice-item-pricing.ts';
import { change as lineItemParent } from './2025-03-31-line-item-parent.ts';
import { change as invoicePayments } from './2025-03-31-invoice-payments.ts';
import { change as creditNoteRefunds } from './2025-03-31-credit-note-refunds-and-taxes.ts';
import { change as paymentInvoiceLink } from './2025-03-31-payment-invoice-link.ts';
import { change as priceAggregateUsage } from './2025-03-31-price-aggregate-usage.ts';
import { change as customerCoupon } from './2025-03-31-customer-coupon.ts';
import { change as upcomingInvoice } from './2025-03-31-upcoming-invoice.ts';
import { change as upcomingSubscriptionParams } from './2025-03-31-upcoming-subscription-params.ts';
import { change as previewNeedsDetails } from './2025-03-31-preview-needs-details.ts';
import { change as renderingRename } from './2024-04-10-rendering-and-marketing-features.ts';
import { change as productAttributes } from './2023-08-16-product-attributes.ts';
import { change as chargeRefunds } from './2022-11-15-charge-refunds.ts';
import { change as pendingItemsDefault } from './2022-08-01-pending-items-default.ts';
import { change as customerDefaultCurrency } from './2022-08-01-customer-default-currency.ts';

export const CHANGES: readonly VersionChange[] = [
  previewBillingCycleAnchor,
  billingModeDefault,
  discountSource,
  promotionCodePromotion,
  mixedIntervals,
  cancelAtEnums,
  subscriptionPeriods,
  subscriptionDiscount,
  invoiceItemPricing,
  lineItemParent,
  invoicePayments,
  creditNoteRefunds,
  paymentInvoiceLink,
  priceAggregateUsage,
  customerCoupon,
  upcomingInvoice,
  upcomingSubscriptionParams,
  previewNeedsDetails,
  renderingRename,
  productAttributes,
  chargeRefunds,
  pendingItemsDefault,
  customerDefaultCurrency,
];
