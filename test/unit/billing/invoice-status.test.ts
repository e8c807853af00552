import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  INVOICE_ACTIONS, INVOICE_STATUSES, TRANSITIONS, canTransition, isInvoiceStatus, refusalMessage, targetStatus, transition,
  type InvoiceAction, type InvoiceStatus,
} from '../../../src/billing/invoice-status.ts';

test('legal moves and their targets (§7.1)', () => {
  const cases: [InvoiceStatus, InvoiceAction, InvoiceStatus | 'deleted'][] = [
    ['draft', 'finalize', 'open'], ['draft', 'delete', 'deleted'], ['draft', 'update_lines', 'draft'],
    ['draft', 'pay', 'paid'], ['draft', 'send', 'open'],
    ['open', 'pay', 'paid'], ['open', 'send', 'open'], ['open', 'void', 'void'], ['open', 'mark_uncollectible', 'uncollectible'],
    ['uncollectible', 'pay', 'paid'], ['uncollectible', 'void', 'void'],
    ['paid', 'send', 'paid'],
  ];
  for (const [from, action, to] of cases) {
    assert.equal(canTransition(from, action), true, `${from} ${action}`);
    assert.equal(targetStatus(from, action), to, `${from} ${action}`);
    assert.equal(refusalMessage(from, action), null);
  }
});

test('pay and send finalize a draft first; a failed payment keeps the status', () => {
  assert.deepEqual(transition('draft', 'pay'), { allowed: true, to: 'paid', finalizesFirst: true, onFailure: 'open' });
  assert.deepEqual(transition('draft', 'send'), { allowed: true, to: 'open', finalizesFirst: true });
  assert.deepEqual(transition('open', 'pay'), { allowed: true, to: 'paid', finalizesFirst: false, onFailure: 'open' });
  assert.deepEqual(transition('uncollectible', 'pay'), { allowed: true, to: 'paid', finalizesFirst: false, onFailure: 'uncollectible' });
  assert.deepEqual(transition('draft', 'finalize'), { allowed: true, to: 'open', finalizesFirst: false });
});

test('refusals carry Stripe wording where known', () => {
  for (const s of ['open', 'paid', 'uncollectible', 'void'] as const) {
    assert.equal(refusalMessage(s, 'finalize'), "This invoice is already finalized, you can't re-finalize a non-draft invoice.");
  }
  assert.equal(refusalMessage('paid', 'pay'), 'Invoice is already paid');
  assert.equal(refusalMessage('void', 'pay'), 'You can only pay an invoice that is open or uncollectible. This invoice is void.');
  assert.equal(refusalMessage('paid', 'void'), 'You can only void an invoice in open or uncollectible status. This invoice is paid.');
  assert.match(refusalMessage('draft', 'void')!, /delete it instead/);
  assert.match(refusalMessage('open', 'delete')!, /^You can only delete draft invoices\. This invoice is open/);
  assert.equal(targetStatus('void', 'send'), null);
});

test('every line edit after finalization is refused with invoice_not_editable', () => {
  for (const s of ['open', 'paid', 'uncollectible', 'void'] as const) {
    const move = transition(s, 'update_lines');
    assert.equal(move.allowed, false);
    if (!move.allowed) {
      assert.equal(move.code, 'invoice_not_editable');
      assert.ok(move.message.includes(`This invoice is ${s}.`));
    }
  }
});

test('the table is complete, terminal states stay terminal, and every refusal has a message', () => {
  for (const s of INVOICE_STATUSES) {
    for (const a of INVOICE_ACTIONS) {
      const move = TRANSITIONS[s][a];
      assert.ok(move, `${s} ${a}`);
      if (!move.allowed) assert.ok(move.message.length > 10, `${s} ${a}`);
      if (move.allowed && (s === 'paid' || s === 'void')) assert.equal(move.to, s, `${s} is terminal but ${a} moves it`);
      if (move.allowed && s !== 'draft') assert.notEqual(move.to, 'draft', 'nothing returns to draft');
    }
  }
  assert.equal(isInvoiceStatus('open'), true);
  assert.equal(isInvoiceStatus('deleted'), false);
});
