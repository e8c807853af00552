// The invoice state machine (STRIPE-BEHAVIOUR §7.1) as one table.
//
// Stripe: "Stripe automatically finalizes drafts before sending and attempting payment"
// (stripe@23 finalizeInvoice doc), so pay and send on a draft are legal and finalize first.
// A failed payment leaves the status as it was (open or uncollectible), see `onFailure`.
// Messages: the finalize and already-paid wordings are Stripe's (§7.1); the void wording
// follows Stripe's docs sentence "You can only void an invoice in open or uncollectible
// status"; every other message is ours, in the same style (unverified).

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const INVOICE_ACTIONS = ['finalize', 'pay', 'void', 'mark_uncollectible', 'send', 'delete', 'update_lines'] as const;
/** update_lines stands for every line or amount edit: add/remove/update lines, invoice items on it. */
export type InvoiceAction = (typeof INVOICE_ACTIONS)[number];

export interface AllowedMove {
  allowed: true;
  /** Status after success; `deleted` means the invoice is gone. */
  to: InvoiceStatus | 'deleted';
  /** The draft is finalized first (number assigned, amounts frozen, invoice.finalized). */
  finalizesFirst: boolean;
  /** For pay: the status when the payment attempt fails. */
  onFailure?: InvoiceStatus;
}

export interface RefusedMove {
  allowed: false;
  /** invalid_request_error message, HTTP 400. */
  message: string;
  /** Stripe error code when one is known to fit. */
  code: string | null;
}

export type Move = AllowedMove | RefusedMove;

const ok = (to: AllowedMove['to'], extra: Partial<AllowedMove> = {}): AllowedMove => ({
  allowed: true,
  to,
  finalizesFirst: false,
  ...extra,
});
const no = (message: string, code: string | null = null): RefusedMove => ({ allowed: false, message, code });

const FINALIZED = no("This invoice is already finalized, you can't re-finalize a non-draft invoice.");
const notEditable = (s: InvoiceStatus) =>
  no(`You can only modify lines of a draft invoice. This invoice is ${s}.`, 'invoice_not_editable');
const notDeletable = (s: InvoiceStatus) =>
  no(`You can only delete draft invoices. This invoice is ${s}; void it instead if it is open or uncollectible.`);
const notVoidable = (s: InvoiceStatus) =>
  no(`You can only void an invoice in open or uncollectible status. This invoice is ${s}.`);

/** TRANSITIONS[status][action]: the whole machine, including every refusal message. */
export const TRANSITIONS: Readonly<Record<InvoiceStatus, Readonly<Record<InvoiceAction, Move>>>> = {
  draft: {
    finalize: ok('open'),
    pay: ok('paid', { finalizesFirst: true, onFailure: 'open' }),
    void: no("You can only void an invoice in open or uncollectible status. This invoice is draft; delete it instead."),
    mark_uncollectible: no('You can only mark an open invoice as uncollectible. This invoice is draft.'),
    send: ok('open', { finalizesFirst: true }),
    delete: ok('deleted'),
    update_lines: ok('draft'),
  },
  open: {
    finalize: FINALIZED,
    pay: ok('paid', { onFailure: 'open' }),
    void: ok('void'),
    mark_uncollectible: ok('uncollectible'),
    send: ok('open'),
    delete: notDeletable('open'),
    update_lines: notEditable('open'),
  },
  paid: {
    finalize: FINALIZED,
    pay: no('Invoice is already paid'),
    void: notVoidable('paid'),
    mark_uncollectible: no('You can only mark an open invoice as uncollectible. This invoice is paid.'),
    // Stripe: sending a paid invoice is allowed; the email just has no payment reference.
    send: ok('paid'),
    delete: notDeletable('paid'),
    update_lines: notEditable('paid'),
  },
  uncollectible: {
    finalize: FINALIZED,
    pay: ok('paid', { onFailure: 'uncollectible' }),
    void: ok('void'),
    mark_uncollectible: no('Invoice is already marked as uncollectible'),
    // Our choice: it can still be paid, so it can still be sent.
    send: ok('uncollectible'),
    delete: notDeletable('uncollectible'),
    update_lines: notEditable('uncollectible'),
  },
  void: {
    finalize: FINALIZED,
    pay: no('You can only pay an invoice that is open or uncollectible. This invoice is void.'),
    void: no('Invoice is already void'),
    mark_uncollectible: no('You can only mark an open invoice as uncollectible. This invoice is void.'),
    send: no('You cannot send a void invoice.'),
    delete: notDeletable('void'),
    update_lines: notEditable('void'),
  },
};

export function transition(status: InvoiceStatus, action: InvoiceAction): Move {
  return TRANSITIONS[status][action];
}

export function canTransition(status: InvoiceStatus, action: InvoiceAction): boolean {
  return TRANSITIONS[status][action].allowed;
}

/** Target status of a legal move, or null when the move is refused. */
export function targetStatus(status: InvoiceStatus, action: InvoiceAction): InvoiceStatus | 'deleted' | null {
  const move = TRANSITIONS[status][action];
  return move.allowed ? move.to : null;
}

/** The refusal message, or null when the move is legal. */
export function refusalMessage(status: InvoiceStatus, action: InvoiceAction): string | null {
  const move = TRANSITIONS[status][action];
  return move.allowed ? null : move.message;
}

export function isInvoiceStatus(value: string): value is InvoiceStatus {
  return (INVOICE_STATUSES as readonly string[]).includes(value);
}
