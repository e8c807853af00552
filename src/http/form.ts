// Stripe's wire format: application/x-www-form-urlencoded with the bracket
// syntax (`metadata[k]=v`, `expand[]=x`, `lines[0][price]=p`), in bodies and
// in query strings alike. qs does the decoding; the limits are explicit
// because qs's defaults silently turn `lines[25]` into an object and drop
// parameters past 1000.
import qs from 'qs';
import { errors } from './errors.ts';

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = { [key: string]: FormValue };

/** Deepest Stripe params we know are 4 levels (payment_settings[...][...][...][...]). */
const MAX_DEPTH = 8;
/** Up to 250 lines with a dozen fields each fit easily. */
const MAX_PARAMS = 10_000;
const MAX_ARRAY_INDEX = 1_000;
const PROTO_SEGMENT = /(?:^|\[)__proto__(?:[\][]|$)/;

export function parseForm(raw: string): FormParams {
  if (raw === '') return {};
  let parsed: unknown;
  let protoKey = false;
  try {
    parsed = qs.parse(raw, {
      // qs always drops a `__proto__` key segment; noticing it here turns silent data loss into an error.
      decoder(str, defaultDecoder, charset, type) {
        const decoded = defaultDecoder(str, defaultDecoder, charset);
        if (type === 'key' && typeof decoded === 'string' && PROTO_SEGMENT.test(decoded)) protoKey = true;
        return decoded;
      },
      depth: MAX_DEPTH,
      strictDepth: true,
      arrayLimit: MAX_ARRAY_INDEX,
      parameterLimit: MAX_PARAMS,
      throwOnLimitExceeded: true,
      // Keys like `constructor` or `toString` are data here (metadata[constructor]=x is a valid
      // metadata key): qs builds prototype-less objects, so they cannot reach Object.prototype.
      allowPrototypes: true,
      plainObjects: true,
      allowDots: false,
      parseArrays: true,
      duplicates: 'combine',
      charset: 'utf-8',
    });
  } catch (err) {
    const detail = err instanceof Error ? err.message : 'malformed parameters';
    if (/depth/i.test(detail)) throw errors.malformedBody(`parameters may be nested at most ${MAX_DEPTH} levels deep.`);
    if (/parameter limit/i.test(detail)) throw errors.malformedBody(`at most ${MAX_PARAMS} parameters are allowed.`);
    if (/array limit/i.test(detail)) throw errors.malformedBody(`array indices must be below ${MAX_ARRAY_INDEX}.`);
    throw errors.malformedBody('the parameters could not be decoded.');
  }
  if (protoKey) throw errors.malformedBody('`__proto__` cannot be a parameter name or key.');
  return normalize(parsed) as FormParams;
}

/** qs may hand back sparse arrays or arrays of mixed content; make them plain. */
function normalize(value: unknown): FormValue {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(normalize);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: FormValue } = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalize(v);
    return out;
  }
  return typeof value === 'string' ? value : String(value);
}


