// Refusals of invoice state moves, worded by billing/invoice-status.ts.
import { StripeError } from '../../http/errors.ts';
import { transition, type InvoiceAction, type InvoiceStatus } from '../../billing/invoice-status.ts';

/** Throws Stripe's error when `action` is not allowed from `status`; returns the move otherwise. */
export function assertMove(status: InvoiceStatus, action: InvoiceAction) {
  const move = transition(status, action);
  if (!move.allowed) throw new StripeError({ status: 400, message: move.message, code: move.code ?? undefined });
  return move;
}
