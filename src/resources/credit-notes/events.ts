// A credit note's events: created, updated (memo, metadata), and voided, which at Stripe is
// its own event rather than an update. Pure.
import type { PendingEvent } from '../../events/from-changes.ts';
import type { ObjectChange } from '../../work/change-log.ts';

export function creditNoteEvents({ before, after }: ObjectChange, standard: PendingEvent[]): PendingEvent[] {
  if (before === null || after === null || before.status === after.status || after.status !== 'void') return standard;
  return [{ type: 'credit_note.voided', object: after, previous_attributes: null }];
}
