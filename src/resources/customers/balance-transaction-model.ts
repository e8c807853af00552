// The CustomerBalanceTransaction object in the newest API shape (stripe@23).
export type BalanceTransactionType =
  | 'adjustment'
  | 'applied_to_invoice'
  | 'credit_note'
  | 'initial'
  | 'invoice_overpaid'
  | 'invoice_too_large'
  | 'invoice_too_small'
  | 'unapplied_from_invoice';

export interface CustomerBalanceTransaction {
  id: string;
  object: 'customer_balance_transaction';
  /** Negative: a credit to the customer's balance; positive: a debit. */
  amount: number;
  checkout_session: null;
  created: number;
  credit_note: string | null;
  currency: string;
  customer: string;
  customer_account: null;
  description: string | null;
  /** The customer's `balance` after this transaction. */
  ending_balance: number;
  invoice: string | null;
  livemode: false;
  metadata: Record<string, string>;
  type: BalanceTransactionType;
  [key: string]: unknown;
}
