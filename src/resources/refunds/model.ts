// The Refund object in the newest API shape.
export interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: null;
  charge: string;
  created: number;
  currency: string;
  description?: string | null;
  destination_details: { card: { reference_status: string; reference_type: string; type: 'refund' }; type: 'card' };
  failure_reason?: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  reason: 'duplicate' | 'fraudulent' | 'requested_by_customer' | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled' | 'requires_action';
  transfer_reversal: null;
  /** Stored, never rendered: `fails` marks a refund of pm_card_refundFail that fails later (settle-job.ts). */
  internal?: { fails?: boolean };
  [key: string]: unknown;
}
