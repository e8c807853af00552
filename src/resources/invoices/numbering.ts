// Invoice numbers: the customer's invoice_prefix, a dash, and the customer's
// next sequence zero-padded to 4 digits (ABCD1234-0001). Taken inside the
// finalizing transaction with the customer row locked, so numbers are
// gapless and never reused, also across processes.
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import type { Customer } from '../customers/model.ts';
import { invoices } from './repository.ts';

export function formatNumber(prefix: string, sequence: number): string {
  return `${prefix}-${String(sequence).padStart(4, '0')}`;
}

/** Takes the next number from the (locked) customer; the caller saves the customer. */
export function takeNumber(customer: Customer): string {
  const number = formatNumber(customer.invoice_prefix, customer.next_invoice_sequence);
  customer.next_invoice_sequence += 1;
  return number;
}

/** A number set by hand must still be unique in the account. */
export async function assertNumberFree(ctx: Ctx, number: string, invoiceId: string): Promise<void> {
  // Held until the finalization commits: two invoices given the same number by hand and finalized
  // at once, in two processes, check one after the other (numbers taken from a customer's sequence
  // are made unique by the customer's row lock instead).
  await ctx.work?.lock('invoice number', ctx.account, number);
  const row = (await invoices.all(ctx, { ref: number })).find((inv) => inv.id !== invoiceId && inv.status !== 'draft');
  if (row) throw errors.invalidRequest(`Invoice number ${number} is already used by invoice ${row.id}. Invoice numbers must be unique.`, 'number');
}
