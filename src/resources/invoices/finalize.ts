// Finalization: draft -> open. Totals are computed one last time, the
// customer's balance is applied (and changes with it), a number is taken,
// customer details are frozen, and an invoice with nothing to pay is paid.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyCustomerBalance, deferBelowMinimum } from '../../billing/balance.ts';
import { lockCustomer } from '../customers/service.ts';
import { invoices } from './repository.ts';
import { saveCustomer } from '../customers/service.ts';
import { recordBalanceChange } from '../customers/balance-transactions.ts';
import { loadCoupon } from '../coupons/service.ts';
import type { Customer } from '../customers/model.ts';
import { assertMove } from './errors.ts';
import { assertNumberFree, takeNumber } from './numbering.ts';
import { recompute, saveInvoice } from './totals.ts';
import { copyCustomerDetails, DAY } from './service.ts';
import type { Invoice } from './model.ts';
import { loadLines } from './lines.ts';
import { checkMinimumAmount, hasPromotionCodes, promotionCodesOf } from '../promotion-codes/service.ts';
import { newLinkSecret } from '../../pages/links.ts';
import { openPaymentAtFinalization, releasePayment } from './collect.ts';
import { AUTO_FINALIZE_DELAY } from '../../billing/payment-retries.ts';

export async function finalizeDraft(ctx: Ctx, inv: Invoice, autoAdvance?: boolean): Promise<Invoice> {
  assertMove(inv.status, 'finalize');
  // A revision first replaces its original, so the balance the original used comes back first.
  if (inv.from_invoice?.action === 'revision') await supersede(ctx, inv.from_invoice.invoice, inv.id);
  const customer = await lockCustomer(ctx, inv.customer);
  if (!customer || customer.deleted) throw errors.invalidRequest(`The customer ${inv.customer} of this invoice has been deleted.`, 'customer');
  await recompute(ctx, inv, customer.balance);
  // The purchase a promotion code's minimum amount is about is known now.
  if (await hasPromotionCodes(ctx)) {
    const ids = (list: unknown[] | null | undefined) => (list ?? []).filter((d): d is string => typeof d === 'string');
    const onLines = (await loadLines(ctx, inv.id)).flatMap(({ line }) => ids(line.discounts));
    await checkMinimumAmount(ctx, await promotionCodesOf(ctx, [...ids(inv.discounts), ...onLines]), inv.currency, inv.subtotal);
  }

  if (inv.number === null) inv.number = takeNumber(customer);
  else await assertNumberFree(ctx, inv.number, inv.id);

  const settled = deferBelowMinimum(inv.currency, applyCustomerBalance(inv.total, customer.balance));
  inv.starting_balance = settled.starting_balance;
  inv.ending_balance = settled.ending_balance;
  inv.amount_due = settled.amount_due;
  inv.amount_remaining = settled.amount_due - inv.amount_paid;
  // The balance used (or a negative total's credit) is one `applied_to_invoice` transaction; an
  // amount too small to charge moves to the balance as `invoice_too_small`.
  const applied = settled.appliedBalance - settled.deferredToBalance;
  await recordBalanceChange(ctx, customer, { amount: applied, type: 'applied_to_invoice', currency: inv.currency, invoice: inv.id });
  await recordBalanceChange(ctx, customer, { amount: settled.deferredToBalance, type: 'invoice_too_small', currency: inv.currency, invoice: inv.id });

  copyCustomerDetails(inv, customer);
  inv.status = 'open';
  inv.status_transitions.finalized_at = ctx.now;
  // The secret of its hosted page and PDF links (pages/links.ts), kept for good.
  inv.internal.link_secret ??= newLinkSecret();
  inv.effective_at ??= ctx.now;
  if (autoAdvance !== undefined) inv.auto_advance = autoAdvance;
  if (inv.collection_method === 'send_invoice' && inv.due_date === null)
    inv.due_date = ctx.now + (inv.internal.days_until_due ?? 30) * DAY;
  if (inv.amount_due === 0) markPaid(inv, ctx.now);
  // Automatic collection charges it an hour after creation (at once when that hour is over).
  else if (inv.collection_method === 'charge_automatically' && inv.auto_advance)
    inv.next_payment_attempt = Math.max(ctx.now, inv.created + AUTO_FINALIZE_DELAY);
  await useUpOnceDiscount(ctx, inv, customer);
  await saveCustomer(ctx, customer);
  await openPaymentAtFinalization(ctx, inv);
  await saveInvoice(ctx, inv);
  return inv;
}

/** A customer's discount from a `once` coupon covers the one invoice it was finalized on. */
async function useUpOnceDiscount(ctx: Ctx, inv: Invoice, customer: Customer): Promise<void> {
  const d = customer.discount;
  if (!d || !inv.discounts.includes(d.id)) return;
  const coupon = await loadCoupon(ctx, d.source.coupon);
  if (coupon?.duration === 'once') customer.discount = null;
}

/**
 * A finalized revision replaces its original: the original's `latest_revision` ("the most recent
 * non-draft revision", stripe@23) points to it, and an original still open or uncollectible is
 * voided so the customer is not billed twice.
 */
async function supersede(ctx: Ctx, originalId: string, revisionId: string): Promise<void> {
  const original = await invoices.getForUpdate(ctx, originalId);
  if (!original) return;
  original.latest_revision = revisionId;
  if (original.status === 'open' || original.status === 'uncollectible') await voidLocked(ctx, original);
  else await saveInvoice(ctx, original);
}

/** Voids a finalized invoice the caller has locked and checked. */
export async function voidLocked(ctx: Ctx, inv: Invoice): Promise<void> {
  // Stripe (changelog 2019-12-03): "Customer balances applied to all invoices are now debited or
  // credited back to the customer when voided."
  const applied = (inv.ending_balance ?? inv.starting_balance) - inv.starting_balance;
  if (applied !== 0) {
    const customer = await lockCustomer(ctx, inv.customer);
    if (customer && !customer.deleted) {
      await recordBalanceChange(ctx, customer, { amount: -applied, type: 'unapplied_from_invoice', currency: inv.currency, invoice: inv.id });
      await saveCustomer(ctx, customer);
    }
  }
  await releasePayment(ctx, inv);
  inv.status = 'void';
  inv.status_transitions.voided_at = ctx.now;
  inv.auto_advance = false;
  inv.amount_remaining = 0;
  inv.next_payment_attempt = null;
  await saveInvoice(ctx, inv);
}

export function markPaid(inv: Invoice, now: number): void {
  inv.amount_paid = inv.amount_due;
  inv.amount_remaining = 0;
  inv.status = 'paid';
  inv.status_transitions.paid_at = now;
  inv.auto_advance = false;
  inv.next_payment_attempt = null;
}
