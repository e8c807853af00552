// Credit notes and their line items in the objects table. A note: `invoice` its invoice,
// `customer` its customer, `status` issued/void. A line: `ref` its note, `invoice` the note's
// invoice and `status` the note's status, so an invoice's credited lines are one query.
import { repository } from '../../store/repository.ts';
import type { CreditNote, CreditNoteLineItem } from './model.ts';

export const creditNotes = repository<CreditNote>({
  type: 'credit_note',
  columns: (n) => ({ invoice: n.invoice, customer: n.customer, status: n.status }),
});

export const creditNoteLines = repository<CreditNoteLineItem>({
  type: 'credit_note_line_item',
  columns: (l) => ({ ref: l.internal.credit_note, invoice: l.internal.invoice, status: l.internal.status }),
});
