// The customer balance at finalization (STRIPE-BEHAVIOUR §6.5).
//
// Stripe: the balance (negative = credit, positive = owed) applies to the next invoice
// finalized; `amount_due` takes a positive starting balance into account and "may be 0"
// when credit covers it; an amount-off coupon never pushes credit, but a negative invoice
// total (credit items) does go to the balance. One rule covers every case:
//   net = total + balance;  amount_due = max(0, net);  ending_balance = min(0, net).
// Worked examples (§6.5): balance -500, total 2000 -> due 1500, ending 0; balance -3000,
// total 2000 -> due 0, ending -1000; balance +300, total 2000 -> due 2300, ending 0.
// The sign handling of ending_balance is unverified at Stripe (derived from field docs).
import { isBelowMinimum } from './minimum-charge.ts';

export { isBelowMinimum, minimumChargeAmount, DEFAULT_MINIMUM_CHARGE, MINIMUM_CHARGE } from './minimum-charge.ts';

export interface BalanceApplication {
  starting_balance: number;
  ending_balance: number;
  amount_due: number;
  /**
   * ending − starting: the change to the customer's balance, i.e. the amount of the
   * `applied_to_invoice` customer balance transaction. amount_due = total − appliedBalance.
   */
  appliedBalance: number;
}

export function applyCustomerBalance(total: number, customerBalance: number): BalanceApplication {
  assertInteger(total, 'total');
  assertInteger(customerBalance, 'customerBalance');
  const net = total + customerBalance;
  const ending = Math.min(0, net);
  return {
    starting_balance: customerBalance,
    ending_balance: ending,
    amount_due: Math.max(0, net),
    appliedBalance: ending - customerBalance,
  };
}

export interface MinimumSettlement extends BalanceApplication {
  /** The amount that was too small to charge and moved to the customer's balance (0 if none). */
  deferredToBalance: number;
}

/**
 * §6.3: after credit is applied, an amount due below the currency minimum is not charged:
 * the invoice is marked paid and the amount is added to the customer's balance (a debit
 * for the next invoice). Use when the customer has no cash balance.
 */
export function deferBelowMinimum(currency: string, applied: BalanceApplication): MinimumSettlement {
  if (!isBelowMinimum(currency, applied.amount_due)) return { ...applied, deferredToBalance: 0 };
  const deferred = applied.amount_due;
  return {
    starting_balance: applied.starting_balance,
    ending_balance: applied.ending_balance + deferred,
    amount_due: 0,
    appliedBalance: applied.appliedBalance + deferred,
    deferredToBalance: deferred,
  };
}

function assertInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be a safe integer, got ${value}`);
}
