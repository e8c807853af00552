// The one catalogue of Stripe error messages. Anything in the code base that
// rejects a request throws a StripeError built here; only error-handler.ts
// turns it into a response body.
import { didYouMean } from './did-you-mean.ts';

export type StripeErrorType = 'invalid_request_error' | 'idempotency_error' | 'api_error' | 'card_error';

export interface StripeErrorInit {
  status: number;
  type?: StripeErrorType;
  code?: string;
  param?: string;
  message: string;
  headers?: Record<string, string>;
  /** For an unknown parameter: the names known where it was sent, for a hint once more names are known. */
  known?: readonly string[];
}

/** Half the longest message or param an error carries (Stripe's schema caps messages at 40000). */
const MAX_ECHO = 2000;

export class StripeError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly known: readonly string[] | undefined;

  constructor(init: StripeErrorInit) {
    // Messages and params echo what the client sent; a hostile request could make them huge.
    super(elide(init.message, MAX_ECHO));
    this.status = init.status;
    this.type = init.type ?? 'invalid_request_error';
    this.code = init.code;
    this.param = init.param === undefined ? undefined : elide(init.param, MAX_ECHO);
    this.headers = init.headers;
    this.known = init.known;
  }

  /** The same error about another param. */
  withParam(param: string): StripeError {
    return new StripeError({ status: this.status, message: this.message, type: this.type, code: this.code, param, headers: this.headers });
  }

  /** The body Stripe sends, keys in Stripe's (alphabetical) order. */
  toBody(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = {};
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, '-')}`;
    }
    error.message = this.message;
    if (this.param !== undefined) error.param = this.param;
    error.type = this.type;
    return { error };
  }
}

const bad = (message: string, param?: string, code?: string): StripeError =>
  new StripeError({ status: 400, message, param, code });

/** Long values are echoed elided in the middle, as Stripe does. */
export function elide(value: string, keep = 10): string {
  return value.length <= keep * 2 + 3 ? value : `${value.slice(0, keep)}...${value.slice(-keep)}`;
}

/** `period[x]` → `x`: hints name the key alone, as Stripe's do (`...[postalCode]. Did you mean postal_code?`). */
function lastKey(param: string): string {
  const m = /\[([^\[\]]*)\]$/.exec(param);
  return m ? m[1] : param;
}

function show(value: unknown): string {
  if (typeof value === 'string') return elide(value, 20);
  return elide(JSON.stringify(value) ?? String(value), 20);
}

export const errors = {
  missingParam: (param: string) => bad(`Missing required param: ${param}.`, param, 'parameter_missing'),
  /** With the names known at that level, Stripe's `Did you mean ...?` when one is close to what was sent. */
  unknownParam: (param: string, known?: readonly string[]) => {
    const hint = known === undefined ? undefined : didYouMean(lastKey(param), known);
    return new StripeError({
      status: 400,
      message: `Received unknown parameter: ${param}${hint === undefined ? '' : `. Did you mean ${hint}?`}`,
      param,
      code: 'parameter_unknown',
      known,
    });
  },
  invalidInteger: (param: string, value: unknown) =>
    bad(`Invalid integer: ${show(value)}`, param, 'parameter_invalid_integer'),
  invalidNonNegativeInteger: (param: string) =>
    bad('Invalid non-negative integer', param, 'parameter_invalid_integer'),
  integerTooLarge: (param: string, max: number, value: number) =>
    bad(`This value must be less than or equal to ${max} (it currently is '${value}').`, param, 'parameter_invalid_integer'),
  integerTooSmall: (param: string, min: number, value: number) =>
    bad(`This value must be greater than or equal to ${min} (it currently is '${value}').`, param, 'parameter_invalid_integer'),
  invalidBoolean: (param: string, value: unknown) => bad(`Invalid boolean: ${show(value)}`, param),
  invalidDecimal: (param: string, value: unknown) =>
    bad(`Invalid decimal: ${show(value)}. Decimals must have at most 12 decimal places.`, param),
  invalidString: (param: string, value: unknown) => bad(`Invalid string: ${show(value)}`, param),
  stringTooLong: (param: string, value: string, max: number) =>
    bad(`Invalid string: ${elide(value)}; must be at most ${max} characters`, param),
  invalidEmpty: (param: string) =>
    bad(
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      param,
      'parameter_invalid_empty',
    ),
  invalidEnum: (param: string, allowed: readonly string[]) => {
    const name = param.replace(/^.*\[/, '').replace(/\]$/, '');
    const list =
      allowed.length <= 2 ? allowed.join(' or ') : `${allowed.slice(0, -1).join(', ')}, or ${allowed[allowed.length - 1]}`;
    return bad(`Invalid ${name}: must be one of ${list}`, param);
  },
  invalidArray: (param: string) => bad('Invalid array', param),
  tooManyItems: (param: string, max: number) => bad(`Invalid array: must have at most ${max} elements`, param),
  invalidObject: (param: string) => bad('Invalid object', param),
  invalidTimestamp: (param: string, value: unknown) =>
    bad(`Invalid timestamp: must be an integer Unix timestamp. (it currently is '${show(value)}')`, param, 'parameter_invalid_integer'),
  invalidTimestampFuture: (param: string) =>
    bad('Invalid timestamp: must be an integer Unix timestamp in the future.', param),
  onlyOneOf: (params: readonly string[]) =>
    bad(`You may only specify one of these parameters: ${params.join(', ')}.`, params[0]),
  oneOfRequired: (params: readonly string[]) =>
    bad(`You must specify one of these parameters: ${params.join(', ')}.`, params[0], 'parameter_missing'),
  invalidCurrency: (message: string, param = 'currency') => bad(message, param),
  resourceMissing: (resource: string, id: string, param: string, status = 400) =>
    new StripeError({ status, message: `No such ${resource}: '${id}'`, param, code: 'resource_missing' }),
  resourceExists: (message: string, param: string) => bad(message, param, 'resource_already_exists'),
  invalidRequest: (message: string, param?: string, code?: string) => bad(message, param, code),

  metadataTooManyKeys: (count: number) =>
    bad(
      `Metadata can have up to 50 keys, but you've set ${count}. Email us at support+metadata@stripe.com for more information.`,
      'metadata',
    ),
  metadataKeyTooLong: (key: string) => bad(`Invalid key: ${elide(key)} must be a string under 40 characters`, 'metadata'),
  metadataKeyBrackets: (key: string) =>
    bad(`Invalid key: ${elide(key)} must not contain square brackets ('[' or ']')`, 'metadata'),
  metadataValueTooLong: (value: string) =>
    bad(`Invalid value: ${elide(value)} must be a string under 500 characters`, 'metadata'),
  metadataValueType: (value: unknown) => bad(`Invalid value type: ${show(value)} must be a string`, 'metadata'),

  bothCursors: () =>
    bad('Received both starting_after and ending_before parameters. Please pass in only one.', 'starting_after'),
  expandTooDeep: (param: string) => bad('You cannot expand more than 4 levels of a property.', param),
  notExpandable: (segment: string, param: string, hint?: string) =>
    bad(
      `This property cannot be expanded (${segment}).${hint ? ` You may want to try expanding '${hint}' instead.` : ''}`,
      param,
    ),

  unrecognizedUrl: (method: string, path: string) =>
    new StripeError({
      status: 404,
      message: path.endsWith('/')
        ? `Unrecognized request URL (${method}: ${path}). If you are trying to list objects, remove the trailing slash. If you are trying to retrieve an object, make sure you passed a valid (non-empty) identifier in your code. Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`
        : `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    }),
  unsupportedContentType: (contentType: string) =>
    bad(
      `Invalid request: unsupported Content-Type ${contentType}. If error persists and you need assistance, please contact support@stripe.com.`,
    ),
  malformedBody: (detail: string) => bad(`Invalid request: ${detail}`),
  bodyTooLarge: (limit: number) =>
    new StripeError({ status: 413, message: `Request entity too large: the body must be at most ${limit} bytes.` }),

  noApiKey: () =>
    new StripeError({
      status: 401,
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      headers: { 'www-authenticate': 'Basic realm="Stripe"' },
    }),
  invalidApiKey: (key: string) =>
    new StripeError({
      status: 401,
      message: `Invalid API Key provided: ${maskKey(key)}`,
      headers: { 'www-authenticate': 'Basic realm="Stripe"' },
    }),

  apiKeyWithSpace: () =>
    new StripeError({
      status: 401,
      message:
        'Invalid API Key provided: nil. This key contains at least one space. Please delete the spaces and try again. If you have any questions, we can help at https://support.stripe.com/.',
      headers: { 'www-authenticate': 'Basic realm="Stripe"' },
    }),
  invalidApiVersion: (version: string) => bad(`Invalid Stripe API version: ${version}`),

  idempotencyMismatch: (key: string) =>
    new StripeError({
      status: 400,
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    }),
  idempotencyKeyTooLong: () =>
    bad('Invalid Idempotency-Key: the key must be at most 255 characters long.'),
  idempotencyInUse: () =>
    new StripeError({
      status: 409,
      type: 'invalid_request_error',
      code: 'idempotency_key_in_use',
      message:
        'The idempotency key provided is currently being used in another request. This occurs if your integration is making duplicate requests simultaneously.',
    }),

  // Catalog: products, prices, tax rates, coupons.
  /** Real Stripe text (lukasaron/terraform-provider-stripe#60, stripe/stripe-python#658). */
  productHasPrices: () => bad('This product cannot be deleted because it has one or more user-created prices.'),
  productExists: (param = 'id') => bad('Product already exists.', param, 'resource_already_exists'),
  couponExists: (param = 'id') => bad('Coupon already exists.', param, 'resource_already_exists'),
  /** Real Stripe text (stripe/stripe-ruby#933 and emulators quoting live probes). */
  lookupKeyInUse: (priceId: string, param = 'lookup_key') => bad(`A price (\`${priceId}\`) already uses that lookup key.`, param),
  priceNeedsProduct: () => bad('You must specify either `product` or `product_data` when creating a price.', 'product'),
  priceNeedsAmount: (param = 'unit_amount') =>
    bad('Prices require an `unit_amount` or `unit_amount_decimal` parameter to be set.', param),
  meteredNeedsMeter: (param: string) =>
    bad('Starting with Stripe version `2025-03-31.basil`, metered prices must be backed by meters.', param),
  /** Ours: a Stripe feature this server does not implement. */
  notSupported: (what: string, param?: string) => bad(`${what} is not supported by InvoiceKit.`, param),
  intervalTooLong: (param: string) =>
    bad('The maximum billing interval is three years (3 years, 36 months, 156 weeks, or 1095 days).', param),
  taxBehaviorLocked: (current: string, param = 'tax_behavior') =>
    bad(`The price's tax_behavior is already \`${current}\`; once set to \`inclusive\` or \`exclusive\` it cannot be changed.`, param),
  priceOfOtherProduct: (priceId: string, productId: string, param = 'default_price') =>
    bad(`The price \`${priceId}\` does not belong to the product \`${productId}\`.`, param),
  serviceOnly: (param: string) => bad(`${param} can only be set on products with \`type=service\`.`, param),
  tooManyDecimals: (param: string, value: number, places: number) =>
    bad(`Invalid ${param}: ${value} has more than ${places} decimal places.`, param),
  outOfRange: (param: string, value: number, description: string) =>
    bad(`Invalid ${param}: ${value}; it must be ${description}.`, param),
  statementDescriptor: (param: string, reason: string) => bad(`Invalid ${param}: ${reason}`, param),
  durationInMonthsNotRepeating: () =>
    bad('You can only pass `duration_in_months` when `duration` is `repeating`.', 'duration_in_months'),
  redeemByTooFar: () => bad('Invalid redeem_by: the timestamp cannot be more than 5 years in the future.', 'redeem_by'),
  currencyOptionsNeedAmountOff: () =>
    bad('`currency_options` can only be set on coupons with an `amount_off`.', 'currency_options'),

  /** Our wording (Stripe's for this case is not documented): a 404, as for an object that is not there. */
  noCustomerDiscount: (customer: string) =>
    new StripeError({ status: 404, message: `Customer ${customer} does not have a discount.`, code: 'resource_missing' }),

  // Invoices.
  /** Real Stripe text (stripe/stripe-php#1105, 2021); the code is the one Stripe's enum has for it. */
  finalizedInvoiceNotEditable: (param: string) =>
    bad("Finalized invoices can't be updated in this way", param, 'invoice_not_editable'),
  /** Real Stripe text and code for a preview with nothing to invoice (quoted by many integrations). */
  noUpcomingInvoice: (customer: string) =>
    new StripeError({ status: 404, message: `No upcoming invoices for customer: ${customer}`, code: 'invoice_upcoming_none' }),
  /** Stripe's wording for a line cursor the invoice does not have (stripe/stripe-node#2518). */
  lineNotOnInvoice: (invoice: string, line: string, param: string) =>
    bad(`Invoice ${invoice} does not have a line item ${line}`, param),

  /** Stripe's answer when an object stays locked by other requests (docs: rate limits, lock_timeout). */
  lockTimeout: () =>
    new StripeError({
      status: 429,
      type: 'invalid_request_error',
      code: 'lock_timeout',
      message:
        'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request.',
    }),

  // Injected by fault rules (src/faults). Rate limits are invalid_request_error with code
  // rate_limit and status 429; the SDKs map the status to their rate limit error.
  rateLimit: () =>
    new StripeError({ status: 429, code: 'rate_limit', message: 'Request rate limit exceeded. (InvoiceKit fault rule)' }),
  faultApiError: () =>
    new StripeError({ status: 500, type: 'api_error', message: 'An unknown error occurred. (InvoiceKit fault rule)' }),
  unavailable: () =>
    new StripeError({ status: 503, type: 'api_error', message: 'The service is temporarily unavailable. (InvoiceKit fault rule)' }),
  internal: () =>
    new StripeError({
      status: 500,
      type: 'api_error',
      message: 'An unknown error occurred. The request was not applied; it is safe to retry.',
    }),

  /** The database could not do the work (disk full, I/O error, read-only file): nothing was written, nothing stored under the key. */
  databaseFailed: () =>
    new StripeError({
      status: 500,
      type: 'api_error',
      message: 'The request could not be saved because the database failed to write it. The request was not applied; it is safe to retry.',
      headers: { 'stripe-should-retry': 'true' },
    }),

  /**
   * The database could not be reached (down, restarting, too slow). A commit cut off by the outage may
   * or may not have happened, so the way to retry is with the same Idempotency-Key.
   */
  databaseUnavailable: () =>
    new StripeError({
      status: 503,
      type: 'api_error',
      message:
        'The service is temporarily unavailable: its database could not be reached. Retry the request with the same Idempotency-Key; it is applied at most once.',
      headers: { 'stripe-should-retry': 'true', 'retry-after': '1' },
    }),

  /**
   * The database answers, but every pooled connection stayed busy with other requests for the whole
   * connect timeout: nothing of this request ran, so it is safe to retry (with its Idempotency-Key, as any).
   */
  databaseBusy: (waitedMs: number, poolSize: number) =>
    new StripeError({
      status: 503,
      type: 'api_error',
      message:
        `The service is temporarily overloaded: the request waited ${(waitedMs / 1000).toFixed(waitedMs % 1000 === 0 ? 0 : 1)} s for one of its ${poolSize} database connections, ` +
        'all busy with other requests, and was not applied. Retry the request with the same Idempotency-Key.',
      headers: { 'stripe-should-retry': 'true', 'retry-after': '1' },
    }),
};

/**
 * The same error with its param nested under `prefix` (`pricing[price]` under `lines[1]` is
 * `lines[1][pricing][price]`): for operations that reuse another resource's validation.
 */
export function nestParam(err: StripeError, prefix: string): StripeError {
  if (err.param === undefined || err.param === '') return err;
  const i = err.param.indexOf('[');
  const head = i < 0 ? err.param : err.param.slice(0, i);
  const rest = i < 0 ? '' : err.param.slice(i);
  return new StripeError({ status: err.status, type: err.type, code: err.code, message: err.message, headers: err.headers, param: `${prefix}[${head}]${rest}` });
}

export function maskKey(key: string): string {
  const m = /^(sk|rk|pk)_(test|live)_/.exec(key);
  const prefix = m ? m[0] : '';
  const rest = key.slice(prefix.length);
  if (rest.length <= 4) return `${prefix}${'*'.repeat(rest.length)}`;
  return `${prefix}${'*'.repeat(rest.length - 4)}${rest.slice(-4)}`;
}
