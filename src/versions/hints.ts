// What an old API version implies beyond its params: facts the newest params
// cannot say, set by change modules on the way in and read by services. Typed
// here, in one place, so a service reads a hint without importing a change module.

/** What an old client asked of a customer's discount: a coupon to apply ('' removes it) or a promotion code. */
export type CustomerDiscountHint = { coupon: string } | { promotion_code: string };

export interface RequestHints {
  /** Before 2022-08-01: creating an invoice with no pending items fails (pending_invoice_items_behavior defaulted to include_and_require). */
  requirePendingItems?: boolean;
  /** Before basil: create_preview may preview a customer's pending items alone. */
  previewPendingAlone?: boolean;
  /** Before basil: GET /v1/invoices/upcoming exists. */
  upcomingInvoice?: boolean;
  /** Before basil: a customer's `coupon`/`promotion_code`. */
  customerDiscount?: CustomerDiscountHint;
  /** Before basil: metered prices need no meter. */
  meterlessMetered?: boolean;
  /** Before basil: a metered price's `recurring[aggregate_usage]`. */
  aggregateUsage?: string;
  /** Before 2025-09-30.clover: a subscription created without `billing_mode` is `classic`. */
  classicBilling?: boolean;
  /** Before 2025-07-30.basil: every item of a subscription shares one interval, even in flexible billing mode. */
  sameIntervals?: boolean;
}
