// Stripe's test-mode cards: the ready-made PaymentMethod ids (`pm_card_*`), their tokens
// (`tok_*`) and card numbers, and what each does when attached or charged.
//
// Source: https://docs.stripe.com/testing ("Cards by brand", "Declined payments",
// "Decline after attaching", "Invalid data", "Refunds"), read 2026-12; messages as recorded
// against test mode (a public VCR cassette of 2023-10-31 in openfoodfoundation/openfoodnetwork). Where the
// page is silent we chose, and say so: `pm_card_chargeCustomerFail` declines with
// `generic_decline` (the page only says charges "fail"); attaching a card from the
// "Declined payments" table fails with that card's own card error (the page only says they
// "can't be attached").

export interface Decline {
  code: string;
  decline_code: string | null;
  message: string;
}

export interface TestCard {
  /** The ready-made PaymentMethod id, when Stripe has one. */
  pm: string | null;
  /** Token ids that make this card (`card[token]`). */
  tokens: string[];
  number: string;
  brand: 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay';
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  /** Declines when it is attached to a customer (and when charged). */
  attachDecline: Decline | null;
  /** Declines every charge (after attaching fine, for the "decline after attaching" cards). */
  chargeDecline: Decline | null;
  /** How a refund of a charge on this card goes. */
  refund: 'succeeded' | 'pending' | 'failed';
  /**
   * When a payment needs 3D Secure authentication (docs "Authentication and setup", "3D Secure
   * support"): `always`; `unless_set_up`: on-session payments always, off-session ones until a
   * payment authenticated with `setup_future_usage=off_session` set the card up; `on_session`:
   * on-session payments only (the card counts as set up for off-session use already).
   */
  auth: 'none' | 'always' | 'unless_set_up' | 'on_session';
  /** Declines the charge made once authentication is complete. */
  declineAfterAuth: Decline | null;
}

const DECLINED: Decline = { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
const INSUFFICIENT: Decline = { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' };
const LOST: Decline = { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' };
const STOLEN: Decline = { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' };
const EXPIRED: Decline = { code: 'expired_card', decline_code: null, message: 'Your card has expired.' };
const CVC: Decline = { code: 'incorrect_cvc', decline_code: null, message: "Your card's security code is incorrect." };
const PROCESSING: Decline = {
  code: 'processing_error',
  decline_code: null,
  message: 'An error occurred while processing your card. Try again in a little bit.',
};
const VELOCITY: Decline = {
  code: 'card_declined',
  decline_code: 'card_velocity_exceeded',
  message: 'Your card was declined for making repeated attempts too frequently or exceeding its amount limit.',
};

const ok = (pm: string | null, tokens: string[], number: string, brand: TestCard['brand'], funding: TestCard['funding'] = 'credit', country = 'US'): TestCard => ({
  pm, tokens, number, brand, funding, country, attachDecline: null, chargeDecline: null, refund: 'succeeded', auth: 'none', declineAfterAuth: null,
});
const authenticates = (pm: string, tokens: string[], number: string, auth: TestCard['auth'], declineAfterAuth: Decline | null = null): TestCard => ({
  ...ok(pm, tokens, number, 'visa'), auth, declineAfterAuth,
});
const declines = (pm: string, tokens: string[], number: string, d: Decline): TestCard => ({
  ...ok(pm, tokens, number, 'visa'), attachDecline: d, chargeDecline: d,
});
const failsAfterAttach = (pm: string | null, tokens: string[], number: string, d: Decline): TestCard => ({
  ...ok(pm, tokens, number, 'visa'), chargeDecline: d,
});

export const TEST_CARDS: readonly TestCard[] = [
  ok('pm_card_visa', ['tok_visa'], '4242424242424242', 'visa'),
  ok('pm_card_visa_debit', ['tok_visa_debit'], '4000056655665556', 'visa', 'debit'),
  ok('pm_card_mastercard', ['tok_mastercard'], '5555555555554444', 'mastercard'),
  ok('pm_card_mastercard_debit', ['tok_mastercard_debit'], '5200828282828210', 'mastercard', 'debit'),
  ok('pm_card_mastercard_prepaid', ['tok_mastercard_prepaid'], '5105105105105100', 'mastercard', 'prepaid'),
  ok('pm_card_amex', ['tok_amex'], '378282246310005', 'amex'),
  ok('pm_card_discover', ['tok_discover'], '6011111111111117', 'discover'),
  ok('pm_card_diners', ['tok_diners'], '3056930009020004', 'diners'),
  ok('pm_card_jcb', ['tok_jcb'], '3566002020360505', 'jcb', 'credit', 'JP'),
  ok('pm_card_unionpay', ['tok_unionpay'], '6200000000000005', 'unionpay', 'credit', 'CN'),
  declines('pm_card_visa_chargeDeclined', ['tok_visa_chargeDeclined', 'tok_chargeDeclined'], '4000000000000002', DECLINED),
  declines('pm_card_visa_chargeDeclinedInsufficientFunds', ['tok_visa_chargeDeclinedInsufficientFunds', 'tok_chargeDeclinedInsufficientFunds'], '4000000000009995', INSUFFICIENT),
  declines('pm_card_visa_chargeDeclinedLostCard', ['tok_visa_chargeDeclinedLostCard', 'tok_chargeDeclinedLostCard'], '4000000000009987', LOST),
  declines('pm_card_visa_chargeDeclinedStolenCard', ['tok_visa_chargeDeclinedStolenCard', 'tok_chargeDeclinedStolenCard'], '4000000000009979', STOLEN),
  declines('pm_card_chargeDeclinedExpiredCard', ['tok_chargeDeclinedExpiredCard', 'tok_visa_chargeDeclinedExpiredCard'], '4000000000000069', EXPIRED),
  declines('pm_card_chargeDeclinedIncorrectCvc', ['tok_chargeDeclinedIncorrectCvc', 'tok_visa_chargeDeclinedIncorrectCvc'], '4000000000000127', CVC),
  declines('pm_card_chargeDeclinedProcessingError', ['tok_chargeDeclinedProcessingError', 'tok_visa_chargeDeclinedProcessingError'], '4000000000000119', PROCESSING),
  declines('pm_card_visa_chargeDeclinedVelocityLimitExceeded', ['tok_visa_chargeDeclinedVelocityLimitExceeded'], '4000000000006975', VELOCITY),
  failsAfterAttach('pm_card_chargeCustomerFail', ['tok_chargeCustomerFail', 'tok_visa_chargeCustomerFail'], '4000000000000341', DECLINED),
  failsAfterAttach(null, ['tok_visa_chargeCustomerFailLostCard'], '4000000000009987', LOST),
  failsAfterAttach(null, ['tok_visa_chargeCustomerFailStolenCard'], '4000000000009979', STOLEN),
  { ...ok('pm_card_pendingRefund', ['tok_pendingRefund'], '4000000000007726', 'visa'), refund: 'pending' },
  // "Authentication and setup" and "3D Secure support" (docs.stripe.com/testing#regulatory-cards).
  authenticates('pm_card_authenticationRequiredOnSetup', ['tok_authenticationRequiredOnSetup'], '4000002500003155', 'unless_set_up'),
  authenticates('pm_card_authenticationRequired', ['tok_authenticationRequired'], '4000002760003184', 'always'),
  authenticates('pm_card_authenticationRequiredSetupForOffSession', ['tok_authenticationRequiredSetupForOffSession'], '4000003800000446', 'on_session'),
  authenticates('pm_card_authenticationRequiredChargeDeclinedInsufficientFunds', ['tok_authenticationRequiredChargeDeclinedInsufficientFunds'], '4000008260003178', 'always', INSUFFICIENT),
  authenticates('pm_card_threeDSecure2Required', ['tok_threeDSecure2Required'], '4000000000003220', 'always'),
  authenticates('pm_card_threeDSecureRequired', ['tok_threeDSecureRequired'], '4000000000003063', 'always'),
  authenticates('pm_card_threeDSecureRequiredChargeDeclined', ['tok_threeDSecureRequiredChargeDeclined'], '4000008400001629', 'always', DECLINED),
  ok('pm_card_threeDSecureOptional', ['tok_threeDSecureOptional'], '4000000000003055', 'visa'),
  { ...ok('pm_card_refundFail', ['tok_refundFail'], '4000000000005126', 'visa'), refund: 'failed' },
];

/** An off-session payment (or one with error_on_requires_action) that needed authentication. */
export const AUTHENTICATION_REQUIRED: Decline = {
  code: 'authentication_required',
  decline_code: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

/** "Your card number is incorrect.": a number that fails the Luhn check (docs "Invalid data"). */
export const INCORRECT_NUMBER: Decline = { code: 'incorrect_number', decline_code: null, message: 'Your card number is incorrect.' };

const byPm = new Map(TEST_CARDS.filter((c) => c.pm !== null).map((c) => [c.pm as string, c]));
const byToken = new Map(TEST_CARDS.flatMap((c) => c.tokens.map((t) => [t, c] as const)));
// The first card with a number wins (the after-attach lost/stolen cards share numbers with the declining ones).
const byNumber = new Map([...TEST_CARDS].reverse().map((c) => [c.number, c]));

export const testCardByPm = (id: string): TestCard | undefined => byPm.get(id);
export const testCardByToken = (id: string): TestCard | undefined => byToken.get(id);
export const testCardByNumber = (n: string): TestCard | undefined => byNumber.get(n);

/** The Luhn checksum every card number carries. */
export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
