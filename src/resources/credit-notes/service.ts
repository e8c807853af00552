// Credit notes: issue one on an open or paid invoice (by amount, or by lines), preview it,
// retrieve, update memo/metadata, list, void, and list its lines. Issuing changes the invoice
// (amount_due/amount_remaining, pre/post_payment_credit_notes_amount), may credit the customer's
// balance (`credit_amount`), refund the invoice's card payment (`refund_amount`) or link
// refunds made before (`refunds`), or record an out-of-band credit (`out_of_band_amount`).
import { createHash } from 'node:crypto';
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata, type MetadataInput } from '../../http/params.ts';
import { listStoredPage, type PageParams } from '../../http/list.ts';
import { StoredList, type StoredOne } from '../../http/stored-answer.ts';
import { newId } from '../../store/ids.ts';
import { formatAmount } from '../../billing/format-amount.ts';
import { creditable, creditNoteTotals, splitCredit } from '../../billing/credit-notes.ts';
import { findById, findStoredById } from '../lookup.ts';
import { lockInvoice } from '../invoices/service.ts';
import { saveInvoice } from '../invoices/totals.ts';
import { loadLines } from '../invoices/lines.ts';
import { markPaid } from '../invoices/finalize.ts';
import { releasePayment } from '../invoices/collect.ts';
import type { Invoice, TaxEntry } from '../invoices/model.ts';
import { lockCustomer, saveCustomer } from '../customers/service.ts';
import { recordBalanceChange } from '../customers/balance-transactions.ts';
import { createRefund, retrieveRefund } from '../refunds/service.ts';
import { retrieveCharge } from '../charges/service.ts';
import { StripeError } from '../../http/errors.ts';
import { buildLine, type BuiltLine, type Credited } from './lines.ts';
import { creditNoteLines, creditNotes } from './repository.ts';
import type { CreditNote, CreditNoteLineItem, CreditNoteRefund } from './model.ts';
import type { CreateCreditNote, ListCreditNotes } from './params.ts';

export const TYPE = 'credit_note';

const money = (amount: number, currency: string) => formatAmount(amount, currency);

/** Issued notes of an invoice, and what their lines credited of each invoice line. */
async function creditedSoFar(ctx: Ctx, inv: Invoice) {
  const notes = (await creditNotes.all(ctx, { invoice: inv.id })).filter((n) => n.status === 'issued');
  const lines = await creditNoteLines.all(ctx, { invoice: inv.id, status: 'issued' });
  const credited = new Map<string, Credited>();
  for (const l of lines) {
    if (l.type !== 'invoice_line_item' || l.invoice_line_item === undefined) continue;
    const unit = l.quantity === null ? 'amount' : 'quantity';
    const seen = credited.get(l.invoice_line_item);
    credited.set(l.invoice_line_item, { unit, taken: (seen?.taken ?? 0) + (unit === 'quantity' ? (l.quantity ?? 0) : l.amount) });
  }
  return { notes, credited, count: await creditNotes.count(ctx, { invoice: inv.id }) };
}

const taxEntries = (taxes: ReturnType<typeof creditNoteTotals>['total_taxes']): TaxEntry[] =>
  taxes.map((t) => ({
    amount: t.amount,
    tax_behavior: t.tax_behavior,
    tax_rate_details: { tax_rate: t.tax_rate },
    taxability_reason: 'standard_rated',
    taxable_amount: t.taxable_amount,
    type: 'tax_rate_details',
  }));

/**
 * Issues the note: checks, line items, totals, the split between what is unpaid and what was
 * paid, and every effect. `preview` gives stable ids (its lines page by them) and is run in a
 * transaction that rolls back.
 */
async function issue(ctx: Ctx, p: CreateCreditNote, preview: boolean): Promise<CreditNote> {
  if (p.shipping_cost !== undefined) throw errors.notSupported('Crediting shipping (`shipping_cost`)', 'shipping_cost');
  if (p.amount === undefined && p.lines === undefined) throw errors.invalidRequest('One of `amount`, `lines`, or `shipping_cost` must be provided.', 'amount');
  const inv = await lockInvoice(ctx, p.invoice).catch((e: unknown) => {
    throw e instanceof StripeError && e.code === 'resource_missing' ? errors.resourceMissing('invoice', p.invoice, 'invoice') : e;
  });
  if (inv.status !== 'open' && inv.status !== 'paid')
    throw errors.invalidRequest(`Invoice ${inv.id} must be finalized and in status \`open\` or \`paid\` to be credited; it is \`${inv.status}\`.`, 'invoice');
  const so = await creditedSoFar(ctx, inv);
  const id = preview ? `cn_${createHash('sha256').update(`${inv.id}:${so.count}`).digest('base64url').slice(0, 24)}` : newId('cn', 24);

  const invoiceLines = new Map((await loadLines(ctx, inv.id)).map(({ line }) => [line.id, line]));
  const built: BuiltLine[] = [];
  for (const [i, l] of (p.lines ?? []).entries()) built.push(await buildLine(ctx, l, i, inv.id, invoiceLines, so.credited));
  const totals = creditNoteTotals(built.map((b) => b.credited), p.amount);
  // `amount` with `lines` must agree with them ("the total amount of the credit note").
  if (p.lines !== undefined && p.amount !== undefined && p.amount !== totals.total)
    throw errors.invalidRequest(
      `The amount (${money(p.amount, inv.currency)}) does not match the total of the credit note lines (${money(totals.total, inv.currency)}).`,
      'amount',
    );
  if (totals.total <= 0) throw errors.invalidRequest('The credit note amount must be greater than zero.', p.lines ? 'lines' : 'amount');

  // Refunds made through the Refund API count against what may be credited ("subtracts those refund amounts").
  const charge = inv.internal.charge ? await retrieveCharge(ctx, inv.internal.charge) : undefined;
  const linkedBefore = so.notes.flatMap((n) => n.refunds).reduce((a, r) => a + r.amount_refunded, 0);
  const outside = Math.max(0, (charge?.amount_refunded ?? 0) - linkedBefore);
  const creditedByNotes = inv.pre_payment_credit_notes_amount + inv.post_payment_credit_notes_amount;
  const max = creditable(inv.total, creditedByNotes, outside);
  if (totals.total > max)
    throw errors.invalidRequest(
      `The credit note amount (${money(totals.total, inv.currency)}) is greater than the amount of invoice ${inv.id} that can still be credited (${money(max, inv.currency)}).`,
      p.lines ? 'lines' : 'amount',
    );

  const split = splitCredit(totals.total, inv.amount_remaining);
  const creditAmount = p.credit_amount ?? 0;
  const refundAmount = p.refund_amount ?? 0;
  const outOfBand = p.out_of_band_amount ?? 0;
  const linked = await linkRefunds(ctx, p, charge?.id ?? null, so.notes);
  const settled = creditAmount + refundAmount + outOfBand + linked.reduce((a, r) => a + r.amount_refunded, 0);
  if (settled !== split.post_payment_amount)
    throw errors.invalidRequest(
      `The sum of credit amount, refund amount and out of band amount (${money(settled, inv.currency)}) must equal the credit note amount (${money(split.post_payment_amount, inv.currency)}).`,
    );

  const refunds: CreditNoteRefund[] = [...linked];
  if (refundAmount > 0) {
    if (!charge) throw errors.invalidRequest(`Invoice ${inv.id} has no charge to refund: it was not paid through a card payment.`, 'refund_amount');
    const refund = await createRefund(ctx, { charge: charge.id, amount: refundAmount }).catch((e: unknown) => {
      throw e instanceof StripeError && e.param === 'amount' ? e.withParam('refund_amount') : e;
    });
    refunds.push({ amount_refunded: refund.amount, payment_record_refund: null, refund: refund.id, type: 'refund' });
  }

  const number = `${inv.number}-CN-${String(so.count + 1).padStart(2, '0')}`;
  const lines: CreditNoteLineItem[] = built.map((b, i) => ({
    ...b.line,
    id: preview ? `cnli_${createHash('sha256').update(`${id}:${i}`).digest('base64url').slice(0, 24)}` : newId('cnli', 24),
    internal: { credit_note: id, invoice: inv.id, status: 'issued' },
  }));
  const note: CreditNote = {
    id,
    object: 'credit_note',
    amount: totals.total,
    amount_shipping: 0,
    created: ctx.now,
    currency: inv.currency,
    customer: inv.customer,
    customer_account: null,
    customer_balance_transaction: null,
    discount_amount: totals.discount_amount,
    discount_amounts: totals.discount_amounts,
    effective_at: p.effective_at ?? ctx.now,
    invoice: inv.id,
    lines: { object: 'list', data: lines.slice(0, 10), has_more: lines.length > 10, url: `/v1/credit_notes/${id}/lines` },
    livemode: false,
    memo: p.memo || null,
    metadata: applyMetadata({}, p.metadata),
    number,
    out_of_band_amount: p.out_of_band_amount ?? null,
    // No credit note PDF is rendered (yet): the field is a string at Stripe, empty here.
    pdf: '',
    post_payment_amount: split.post_payment_amount,
    pre_payment_amount: split.pre_payment_amount,
    pretax_credit_amounts: totals.discount_amounts.map((d) => ({ amount: d.amount, discount: d.discount, type: 'discount' as const })),
    reason: p.reason ?? null,
    refunds,
    shipping_cost: null,
    status: 'issued',
    subtotal: totals.subtotal,
    subtotal_excluding_tax: totals.subtotal_excluding_tax,
    total: totals.total,
    total_excluding_tax: totals.total_excluding_tax,
    total_taxes: taxEntries(totals.total_taxes),
    type: split.type,
    voided_at: null,
    internal: { credit_amount: creditAmount },
  };

  // In the order Stripe's events come (a recorded test-mode run): the refund's, the invoice's,
  // the customer's, then credit_note.created.
  await applyToInvoice(ctx, inv, note, 1);
  if (creditAmount > 0) {
    const customer = await lockCustomer(ctx, inv.customer);
    if (!customer || customer.deleted) throw errors.invalidRequest(`The customer ${inv.customer} of this invoice has been deleted.`, 'credit_amount');
    const txn = await recordBalanceChange(ctx, customer, { amount: -creditAmount, type: 'credit_note', currency: inv.currency, invoice: inv.id, credit_note: id });
    note.customer_balance_transaction = txn?.id ?? null;
    await saveCustomer(ctx, customer);
  }
  await creditNotes.insert(ctx, note);
  for (const l of lines) await creditNoteLines.insert(ctx, l, { created: note.created });
  return note;
}

/** `refunds[]`: refunds of the invoice's charge made before, not yet on another note. */
async function linkRefunds(ctx: Ctx, p: CreateCreditNote, chargeId: string | null, notes: CreditNote[]): Promise<CreditNoteRefund[]> {
  const out: CreditNoteRefund[] = [];
  const taken = new Set(notes.flatMap((n) => n.refunds.map((r) => r.refund)));
  for (const [i, r] of (p.refunds ?? []).entries()) {
    const param = `refunds[${i}][refund]`;
    if (r.type === 'payment_record_refund' || r.payment_record_refund !== undefined) throw errors.notSupported('Payment record refunds', `refunds[${i}][type]`);
    if (r.refund === undefined) throw errors.missingParam(param);
    const refund = await retrieveRefund(ctx, r.refund).catch(() => {
      throw errors.resourceMissing('refund', r.refund!, param);
    });
    if (refund.charge !== chargeId) throw errors.invalidRequest(`Refund ${refund.id} is not a refund of this invoice's payment.`, param);
    if (taken.has(refund.id)) throw errors.invalidRequest(`Refund ${refund.id} is already linked to a credit note.`, param);
    const amount = r.amount_refunded ?? refund.amount;
    if (amount > refund.amount) throw errors.invalidRequest(`The amount_refunded cannot be greater than the refund's amount (${refund.amount}).`, `refunds[${i}][amount_refunded]`);
    taken.add(refund.id);
    out.push({ amount_refunded: amount, payment_record_refund: null, refund: refund.id, type: 'refund' });
  }
  return out;
}

/** Applies a note to its invoice (`sign` 1) or takes it back (`sign` -1, voiding). */
async function applyToInvoice(ctx: Ctx, inv: Invoice, note: CreditNote, sign: 1 | -1): Promise<void> {
  inv.amount_due -= sign * note.pre_payment_amount;
  inv.amount_remaining -= sign * note.pre_payment_amount;
  inv.pre_payment_credit_notes_amount += sign * note.pre_payment_amount;
  inv.post_payment_credit_notes_amount += sign * note.post_payment_amount;
  // Credited down to nothing left to pay, an open invoice is paid (our reading; see README).
  if (inv.status === 'open' && inv.amount_remaining === 0) {
    markPaid(inv, ctx.now);
    await releasePayment(ctx, inv);
  }
  await saveInvoice(ctx, inv);
}

export function createCreditNote(ctx: Ctx, p: CreateCreditNote): Promise<CreditNote> {
  return issue(ctx, p, false);
}

/** GET /v1/credit_notes/preview: the note create would issue (run in a transaction that rolls back). */
export function previewCreditNote(ctx: Ctx, p: CreateCreditNote): Promise<CreditNote> {
  return issue(ctx, p, true);
}

/** GET /v1/credit_notes/preview/lines: that note's lines, paged. */
export async function previewCreditNoteLines(ctx: Ctx, p: CreateCreditNote & PageParams): Promise<StoredList> {
  const { limit, starting_after, ending_before, ...create } = p;
  const note = await issue(ctx, create, true);
  return listStoredPage(ctx, creditNoteLines, '/v1/credit_notes/preview/lines', { limit, starting_after, ending_before }, { where: { ref: note.id }, ascending: true }, 'credit_note_line_item');
}

export function retrieveCreditNote(ctx: Ctx, id: string): Promise<StoredOne | CreditNote> {
  return findStoredById(ctx, creditNotes, id);
}

export async function updateCreditNote(ctx: Ctx, id: string, p: { memo?: string; metadata?: MetadataInput | null }): Promise<CreditNote> {
  const note = await findById(ctx, creditNotes, id);
  if (p.memo !== undefined) note.memo = p.memo || null;
  note.metadata = applyMetadata(note.metadata, p.metadata);
  await creditNotes.update(ctx, note);
  return note;
}

export function listCreditNotes(ctx: Ctx, p: ListCreditNotes): Promise<StoredList> {
  if (p.customer_account !== undefined) return Promise.resolve(new StoredList([], false, '/v1/credit_notes'));
  return listStoredPage(ctx, creditNotes, '/v1/credit_notes', p, { created: p.created, where: { invoice: p.invoice, customer: p.customer } });
}

export async function listCreditNoteLines(ctx: Ctx, id: string, page: PageParams): Promise<StoredList> {
  const note = await creditNotes.get(ctx, id);
  if (!note) throw errors.resourceMissing('credit_note', id, 'id', 404);
  return listStoredPage(ctx, creditNoteLines, `/v1/credit_notes/${id}/lines`, page, { where: { ref: id }, ascending: true }, 'credit_note_line_item');
}

/**
 * POST /v1/credit_notes/:id/void: "You can only void a credit note if the associated invoice is
 * open." The invoice gets back what the note took off it, and a balance credit is taken back.
 */
export async function voidCreditNote(ctx: Ctx, id: string): Promise<CreditNote> {
  const found = await findById(ctx, creditNotes, id);
  const inv = await lockInvoice(ctx, found.invoice);
  const note = (await creditNotes.getForUpdate(ctx, id))!;
  if (note.status === 'void') throw errors.invalidRequest(`Credit note ${note.id} has already been voided.`);
  if (inv.status !== 'open') throw errors.invalidRequest('You can only void a credit note if the associated invoice is open.');
  if (note.internal.credit_amount > 0) {
    const customer = await lockCustomer(ctx, note.customer);
    if (customer && !customer.deleted) {
      await recordBalanceChange(ctx, customer, { amount: note.internal.credit_amount, type: 'credit_note', currency: note.currency, invoice: inv.id, credit_note: note.id });
      await saveCustomer(ctx, customer);
    }
  }
  await applyToInvoice(ctx, inv, note, -1);
  note.status = 'void';
  note.voided_at = ctx.now;
  for (const l of note.lines.data) l.internal.status = 'void';
  await creditNotes.update(ctx, note);
  for (const l of await creditNoteLines.all(ctx, { ref: note.id })) {
    l.internal.status = 'void';
    await creditNoteLines.update(ctx, l);
  }
  return note;
}

export async function loadCreditNote(ctx: Ctx, id: string): Promise<object | undefined> {
  return creditNotes.get(ctx, id);
}
