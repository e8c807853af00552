// A card's decline as Stripe answers it: HTTP 402, `type: card_error`, the decline's `code`
// and `decline_code`, and the objects the attempt made (`charge`, `payment_intent`,
// `payment_method`), keys in Stripe's alphabetical order. A real body (PaymentIntent
// confirm, 2023-10-16, in a public VCR cassette of openfoodfoundation/openfoodnetwork) has
// exactly these keys, and no `param`.
import { StripeError } from './errors.ts';

export interface DeclineInit {
  code: string;
  decline_code: string | null;
  message: string;
  param?: string;
  charge?: string;
  payment_intent?: object;
  payment_method?: object;
}

export class CardError extends StripeError {
  constructor(readonly init: DeclineInit) {
    super({ status: 402, type: 'card_error', code: init.code, message: init.message, param: init.param });
  }

  override toBody(): { error: Record<string, unknown> } {
    const base = super.toBody().error;
    const error: Record<string, unknown> = {};
    if (this.init.charge !== undefined) error.charge = this.init.charge;
    error.code = base.code;
    if (this.init.decline_code) error.decline_code = this.init.decline_code;
    error.doc_url = base.doc_url;
    error.message = base.message;
    if (base.param !== undefined) error.param = base.param;
    if (this.init.payment_intent !== undefined) error.payment_intent = this.init.payment_intent;
    if (this.init.payment_method !== undefined) error.payment_method = this.init.payment_method;
    error.type = base.type;
    return { error };
  }
}

/**
 * What a service returns when a request fails but what it did must stay: a declined payment
 * keeps its failed charge, the PaymentIntent's `last_payment_error`, the invoice's attempt and
 * their events. The route commits the transaction, then answers with the error.
 */
export class KeptFailure {
  constructor(readonly error: StripeError) {}
}
