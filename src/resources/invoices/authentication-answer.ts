// The customer's answer on the 3D Secure test page, for any PaymentIntent: a standalone one
// just moves on; one that pays an invoice also settles the invoice (paid, or its payment
// failed), in the same unit of work. Lock order as everywhere: the invoice, then its intent.
import type { Ctx } from '../../http/context.ts';
import { getObject } from '../../store/objects.ts';
import { secretMatches } from '../../pages/links.ts';
import { paymentIntents } from '../payment-intents/repository.ts';
import { finishAuthentication } from '../payment-intents/authentication.ts';
import type { PaymentIntent } from '../payment-intents/model.ts';
import type { PaymentMethod } from '../payment-methods/model.ts';
import { authenticationFailed, settleAttempt } from './collect.ts';
import { invoices } from './repository.ts';

export type AnswerResult =
  | { kind: 'gone' }
  | { kind: 'succeeded'; pi: PaymentIntent }
  | { kind: 'declined'; pi: PaymentIntent; message: string }
  | { kind: 'failed'; pi: PaymentIntent };

/** The intent a page token names, while it waits for authentication with that secret. */
export async function waitingIntent(ctx: Pick<Ctx, 'db' | 'account'>, id: string, secret: string): Promise<PaymentIntent | null> {
  const pi = await getObject<PaymentIntent>(ctx.db, ctx.account, 'payment_intent', id);
  if (!pi || pi.status !== 'requires_action' || !secretMatches(secret, pi.internal.auth_secret)) return null;
  return pi;
}

export async function answerAuthentication(ctx: Ctx, id: string, secret: string, complete: boolean): Promise<AnswerResult> {
  const seen = await waitingIntent(ctx, id, secret);
  if (!seen) return { kind: 'gone' };
  const inv = seen.internal.invoice ? await invoices.getForUpdate(ctx, seen.internal.invoice) : undefined;
  const pi = await paymentIntents.getForUpdate(ctx, id);
  // Answered meanwhile (twice-clicked button, another tab), or its invoice was voided.
  if (!pi || pi.status !== 'requires_action' || !secretMatches(secret, pi.internal.auth_secret)) return { kind: 'gone' };
  // Its invoice was settled otherwise meanwhile (paid out of band): nothing is charged.
  if (inv && inv.status !== 'open') return { kind: 'gone' };
  const pm = await getObject<PaymentMethod>(ctx.db, ctx.account, 'payment_method', pi.payment_method!);
  if (!pm) return { kind: 'gone' };
  const outcome = await finishAuthentication(ctx, pi, pm, complete);
  if (!outcome.completed) {
    if (inv) await authenticationFailed(ctx, inv);
    return { kind: 'failed', pi: outcome.pi };
  }
  const a = outcome.attempt;
  if (inv) await settleAttempt(ctx, inv, a);
  return a.decline ? { kind: 'declined', pi: a.pi, message: a.decline.message } : { kind: 'succeeded', pi: a.pi };
}
