// A customer's balance transactions (/v1/customers/:id/balance_transactions): every change of
// the customer's `balance` is one, made here, so the balance and its history stay in step.
// Stripe's types: `initial` (a balance given at creation), `adjustment` (set by hand or created
// through the API), `applied_to_invoice` / `unapplied_from_invoice` (finalization / voiding),
// `invoice_too_small` (an amount below the minimum charge carried to the next invoice),
// `credit_note` (a credit note's `credit_amount`).
import type { Ctx } from '../../http/context.ts';
import { errors } from '../../http/errors.ts';
import { applyMetadata, type MetadataInput } from '../../http/params.ts';
import { listStoredPage } from '../../http/list.ts';
import { StoredList } from '../../http/stored-answer.ts';
import { newId } from '../../store/ids.ts';
import { repository } from '../../store/repository.ts';
import { findById } from '../lookup.ts';
import { customers } from './repository.ts';
import type { Customer } from './model.ts';
import type { BalanceTransactionType, CustomerBalanceTransaction } from './balance-transaction-model.ts';
import type { CreateBalanceTransaction, ListBalanceTransactions } from './params.ts';

export const TYPE = 'customer_balance_transaction';

export const balanceTransactions = repository<CustomerBalanceTransaction>({
  type: TYPE,
  columns: (t) => ({ customer: t.customer, invoice: t.invoice, ref: t.credit_note }),
});

export interface BalanceChange {
  amount: number;
  type: BalanceTransactionType;
  currency?: string;
  invoice?: string | null;
  credit_note?: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
}

/**
 * Moves the customer's balance by `change.amount` and records the transaction. The caller
 * holds the customer (locked in a write) and saves it afterwards. A zero change records nothing.
 */
export async function recordBalanceChange(ctx: Ctx, customer: Customer, change: BalanceChange): Promise<CustomerBalanceTransaction | null> {
  if (change.amount === 0) return null;
  customer.balance += change.amount;
  const txn: CustomerBalanceTransaction = {
    id: newId('cbtxn', 24),
    object: 'customer_balance_transaction',
    amount: change.amount,
    checkout_session: null,
    created: ctx.now,
    credit_note: change.credit_note ?? null,
    // A customer without a currency yet is billed in the account's default (usd here).
    currency: change.currency ?? customer.currency ?? 'usd',
    customer: customer.id,
    customer_account: null,
    description: change.description ?? null,
    ending_balance: customer.balance,
    invoice: change.invoice ?? null,
    livemode: false,
    metadata: change.metadata ?? {},
    type: change.type,
  };
  await balanceTransactions.insert(ctx, txn);
  return txn;
}

/** POST /v1/customers/:id/balance_transactions: an `adjustment` of the customer's credit balance. */
export async function createBalanceTransaction(ctx: Ctx, customerId: string, p: CreateBalanceTransaction): Promise<CustomerBalanceTransaction> {
  const customer = (await findById(ctx, customers, customerId)) as Customer;
  if (p.amount === 0) throw errors.invalidRequest('The amount must be a non-zero integer.', 'amount');
  // "If the customer's `currency` is not set, it will be updated to this value."
  if (customer.currency !== null && customer.currency !== p.currency)
    throw errors.invalidRequest(
      `The currency ${p.currency} does not match the customer's currency ${customer.currency}. Balance transactions must be in the customer's currency.`,
      'currency',
    );
  customer.currency ??= p.currency;
  const txn = await recordBalanceChange(ctx, customer, {
    amount: p.amount,
    type: 'adjustment',
    currency: p.currency,
    description: p.description || null,
    metadata: applyMetadata({}, p.metadata),
  });
  await customers.update(ctx, customer);
  return txn!;
}

async function ownTransaction(ctx: Ctx, customerId: string, id: string): Promise<CustomerBalanceTransaction> {
  const customer = await customers.get(ctx, customerId);
  if (!customer || customer.deleted) throw errors.resourceMissing('customer', customerId, 'customer', 404);
  const txn = ctx.work ? await balanceTransactions.getForUpdate(ctx, id) : await balanceTransactions.get(ctx, id);
  if (!txn || txn.customer !== customerId) throw errors.resourceMissing('customer_balance_transaction', id, 'id', 404);
  return txn;
}

export function retrieveBalanceTransaction(ctx: Ctx, customerId: string, id: string): Promise<CustomerBalanceTransaction> {
  return ownTransaction(ctx, customerId, id);
}

/** Only `description` and `metadata` change; the amount is history. */
export async function updateBalanceTransaction(
  ctx: Ctx,
  customerId: string,
  id: string,
  p: { description?: string; metadata?: MetadataInput | null },
): Promise<CustomerBalanceTransaction> {
  const txn = await ownTransaction(ctx, customerId, id);
  if (p.description !== undefined) txn.description = p.description || null;
  txn.metadata = applyMetadata(txn.metadata, p.metadata);
  await balanceTransactions.update(ctx, txn);
  return txn;
}

export async function listBalanceTransactions(ctx: Ctx, customerId: string, p: ListBalanceTransactions): Promise<StoredList> {
  const customer = await customers.get(ctx, customerId);
  if (!customer || customer.deleted) throw errors.resourceMissing('customer', customerId, 'customer', 404);
  return listStoredPage(
    ctx,
    balanceTransactions,
    `/v1/customers/${customerId}/balance_transactions`,
    p,
    { created: p.created, where: { customer: customerId, invoice: p.invoice } },
    TYPE,
  );
}

export async function loadBalanceTransaction(ctx: Ctx, id: string): Promise<object | undefined> {
  return balanceTransactions.get(ctx, id);
}
