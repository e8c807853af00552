// Schema-driven coercion and validation of Stripe form params. Everything
// arrives as strings; a schema says what each param is, and this turns the
// strings into typed values or throws the StripeError Stripe would send,
// naming the param in bracket form (`period[start]`, `discounts[0][coupon]`).
import { errors, StripeError } from './errors.ts';
import type { FormParams, FormValue } from './form.ts';
import { isSupportedCurrency, invalidCurrencyMessage } from '../billing/currency.ts';
import { parseDecimal } from '../billing/decimal-amount.ts';
import { parseFormBoolean } from './boolean.ts';

/** What an empty value (`key=`) means when a field accepts it: unset, as null. */
type Base = { required?: boolean; emptyable?: boolean };

export type StringSchema = Base & { kind: 'string'; max?: number; pattern?: RegExp; patternMessage?: string };
export type EnumSchema<E extends string = string> = Base & { kind: 'enum'; values: readonly E[] };
export type IntegerSchema = Base & { kind: 'integer'; min?: number; max?: number };
export type NumberSchema = Base & { kind: 'number'; min?: number; max?: number };
export type BooleanSchema = Base & { kind: 'boolean' };
export type DecimalSchema = Base & { kind: 'decimal'; allowNegative?: boolean };
export type CurrencySchema = Base & { kind: 'currency' };
export type MetadataSchema = Base & { kind: 'metadata' };
export type RangeSchema = Base & { kind: 'range' };
export type ArraySchema<I = Schema> = Base & { kind: 'array'; items: I; max?: number };
export type ObjectSchema<F = Fields> = Base & { kind: 'object'; fields: F };
export type Schema =
  | StringSchema
  | EnumSchema
  | IntegerSchema
  | NumberSchema
  | BooleanSchema
  | DecimalSchema
  | CurrencySchema
  | MetadataSchema
  | RangeSchema
  | ArraySchema<any>
  | ObjectSchema<any>;
export type Fields = { [name: string]: Schema };

/** A metadata update: a key mapped to null removes it; the whole value null clears all. */
export type MetadataInput = Record<string, string | null>;
export type RangeInput = number | { gt?: number; gte?: number; lt?: number; lte?: number };

type Value<S> = S extends StringSchema
  ? string
  : S extends EnumSchema<infer E>
    ? E
    : S extends IntegerSchema | NumberSchema
      ? number
      : S extends BooleanSchema
        ? boolean
        : S extends DecimalSchema | CurrencySchema
          ? string
          : S extends MetadataSchema
            ? MetadataInput
            : S extends RangeSchema
              ? RangeInput
              : S extends ArraySchema<infer I>
                ? Infer<I>[]
                : S extends ObjectSchema<infer F>
                  ? InferFields<F>
                  : never;

/** The TypeScript type of a validated value; emptyable fields may be null. */
export type Infer<S> = S extends { emptyable: true } ? Value<S> | null : Value<S>;
type RequiredKeys<F> = { [K in keyof F]: F[K] extends { required: true } ? K : never }[keyof F];
type OptionalKeys<F> = Exclude<keyof F, RequiredKeys<F>>;
export type InferFields<F> = { [K in RequiredKeys<F>]: Infer<F[K]> } & {
  [K in OptionalKeys<F>]?: Infer<F[K]>;
};

// Builders. `s.string({ max: 500 })`, `s.object({...}, { required: true })`.
export const s = {
  string: <O extends Omit<StringSchema, 'kind'>>(o?: O) => ({ kind: 'string', max: 5000, ...o }) as StringSchema & O,
  id: <O extends Base>(o?: O) => ({ kind: 'string', max: 5000, ...o }) as StringSchema & O,
  enum: <E extends string, O extends Base>(values: readonly E[], o?: O) =>
    ({ kind: 'enum', values, ...o }) as EnumSchema<E> & O,
  integer: <O extends Omit<IntegerSchema, 'kind'>>(o?: O) => ({ kind: 'integer', ...o }) as IntegerSchema & O,
  number: <O extends Omit<NumberSchema, 'kind'>>(o?: O) => ({ kind: 'number', ...o }) as NumberSchema & O,
  timestamp: <O extends Omit<IntegerSchema, 'kind'>>(o?: O) =>
    ({ kind: 'integer', min: 0, max: 253402300799, ...o }) as IntegerSchema & O,
  boolean: <O extends Base>(o?: O) => ({ kind: 'boolean', ...o }) as BooleanSchema & O,
  decimal: <O extends Omit<DecimalSchema, 'kind'>>(o?: O) => ({ kind: 'decimal', ...o }) as DecimalSchema & O,
  currency: <O extends Base>(o?: O) => ({ kind: 'currency', ...o }) as CurrencySchema & O,
  metadata: () => ({ kind: 'metadata', emptyable: true }) as MetadataSchema & { emptyable: true },
  range: () => ({ kind: 'range' }) as RangeSchema,
  // Generic parameters are left unconstrained on purpose: a constraint would become a
  // contextual type for nested builder calls and erase their inferred item types.
  array: <I, O extends Omit<ArraySchema, 'kind' | 'items'>>(items: I, o?: O) =>
    ({ kind: 'array', items, ...o }) as ArraySchema<I> & O,
  object: <F, O extends Base>(fields: F, o?: O) => ({ kind: 'object', fields, ...o }) as ObjectSchema<F> & O,
  expand: () => ({ kind: 'array', items: { kind: 'string', max: 5000 }, max: 100 }) as ArraySchema<StringSchema>,
};

const INT_RE = /^-?\d+$/;
const NUM_RE = /^-?\d+(\.\d+)?$/;
/** Stripe's largest amounts have 12 digits; anything past a safe integer is an invalid integer. */
const INT_LIMIT = Number.MAX_SAFE_INTEGER;

const isObject = (v: unknown): v is { [k: string]: FormValue } =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function child(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}[${key}]`;
}

/** Validate a whole request's params against an object's fields. */
export function validate<F>(fields: F, input: FormParams): InferFields<F> {
  return validateObject(fields as Fields, input, '') as InferFields<F>;
}

function validateObject(fields: Fields, input: { [k: string]: FormValue }, path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) throw errors.unknownParam(child(path, key), Object.keys(fields));
  }
  for (const [key, schema] of Object.entries(fields)) {
    const raw = Object.prototype.hasOwnProperty.call(input, key) ? input[key] : undefined;
    const p = child(path, key);
    if (raw === undefined) {
      if (schema.required) throw errors.missingParam(p);
      continue;
    }
    out[key] = validateValue(schema, raw, p);
  }
  return out;
}

export function validateValue(schema: Schema, raw: FormValue, path: string): unknown {
  if (raw === '') {
    if (schema.emptyable) return null;
    if (schema.required || schema.kind !== 'string') throw errors.invalidEmpty(path);
  }
  switch (schema.kind) {
    case 'string':
      return coerceString(schema, raw, path);
    case 'enum': {
      if (typeof raw !== 'string' || !schema.values.includes(raw)) throw errors.invalidEnum(path, schema.values);
      return raw;
    }
    case 'integer':
      return coerceInteger(schema, raw, path);
    case 'number': {
      if (typeof raw !== 'string' || !NUM_RE.test(raw) || raw.length > 30) throw errors.invalidRequest(`Invalid decimal: ${typeof raw === 'string' ? raw : JSON.stringify(raw)}`, path);
      const n = Number(raw);
      if (schema.min !== undefined && n < schema.min) throw errors.integerTooSmall(path, schema.min, n);
      if (schema.max !== undefined && n > schema.max) throw errors.integerTooLarge(path, schema.max, n);
      return n;
    }
    case 'boolean': {
      const b = typeof raw === 'string' ? parseFormBoolean(raw) : undefined;
      if (b === undefined) throw errors.invalidBoolean(path, raw);
      return b;
    }
    case 'decimal': {
      if (typeof raw !== 'string') throw errors.invalidDecimal(path, raw);
      const d = parseDecimal(raw, { allowNegative: true });
      if (d === null || (!schema.allowNegative && d.startsWith('-'))) throw errors.invalidDecimal(path, raw);
      return d;
    }
    case 'currency': {
      if (typeof raw !== 'string') throw errors.invalidString(path, raw);
      const c = raw.toLowerCase();
      if (!isSupportedCurrency(c)) throw errors.invalidCurrency(invalidCurrencyMessage(raw), path);
      return c;
    }
    case 'metadata':
      return coerceMetadata(raw, path);
    case 'range':
      return coerceRange(raw, path);
    case 'array': {
      let items: FormValue[];
      if (Array.isArray(raw)) items = raw;
      else if (isObject(raw) && Object.keys(raw).every((k) => /^\d+$/.test(k)))
        items = Object.keys(raw)
          .sort((a, b) => Number(a) - Number(b))
          .map((k) => raw[k]);
      else throw errors.invalidArray(path);
      if (schema.max !== undefined && items.length > schema.max) throw errors.tooManyItems(path, schema.max);
      return items.map((item, i) => validateValue(schema.items, item, child(path, i)));
    }
    case 'object':
      if (!isObject(raw)) throw errors.invalidObject(path);
      return validateObject(schema.fields, raw, path);
  }
}

function coerceString(schema: StringSchema, raw: FormValue, path: string): string {
  if (typeof raw !== 'string') throw errors.invalidString(path, raw);
  if (schema.max !== undefined && raw.length > schema.max) throw errors.stringTooLong(path, raw, schema.max);
  if (schema.pattern && !schema.pattern.test(raw))
    throw errors.invalidRequest(schema.patternMessage ?? `Invalid ${path}: ${raw}`, path);
  return raw;
}

function coerceInteger(schema: IntegerSchema, raw: FormValue, path: string): number {
  if (typeof raw !== 'string' || !INT_RE.test(raw)) throw errors.invalidInteger(path, raw);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || Math.abs(n) > INT_LIMIT) throw errors.invalidInteger(path, raw);
  if (schema.min !== undefined && n < schema.min) {
    if (schema.min === 0) throw errors.invalidNonNegativeInteger(path);
    throw errors.integerTooSmall(path, schema.min, n);
  }
  if (schema.max !== undefined && n > schema.max) throw errors.integerTooLarge(path, schema.max, n);
  return n;
}

function coerceMetadata(raw: FormValue, path: string): MetadataInput {
  if (!isObject(raw)) throw errors.invalidObject(path);
  const keys = Object.keys(raw);
  if (keys.length > 50) throw errors.metadataTooManyKeys(keys.length);
  const out: MetadataInput = {};
  for (const key of keys) {
    const value = raw[key];
    if (key.length > 40) throw errors.metadataKeyTooLong(key);
    if (key === '') throw errors.invalidRequest('Invalid key: metadata keys must not be empty', path);
    if (typeof value !== 'string') throw errors.metadataValueType(value);
    if (value.length > 500) throw errors.metadataValueTooLong(value);
    out[key] = value === '' ? null : value;
  }
  return out;
}

const RANGE_KEYS = ['gt', 'gte', 'lt', 'lte'];

function coerceRange(raw: FormValue, path: string): RangeInput {
  if (typeof raw === 'string') return coerceInteger({ kind: 'integer' }, raw, path);
  if (!isObject(raw)) throw errors.invalidObject(path);
  const out: { gt?: number; gte?: number; lt?: number; lte?: number } = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k !== 'gt' && k !== 'gte' && k !== 'lt' && k !== 'lte') throw errors.unknownParam(child(path, k), RANGE_KEYS);
    out[k] = coerceInteger({ kind: 'integer' }, v, child(path, k));
  }
  return out;
}

/** Apply a metadata update to stored metadata, enforcing the 50-key limit on the result. */
export function applyMetadata(current: Record<string, string>, update: MetadataInput | null | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  const count = Object.keys(next).length;
  if (count > 50) throw errors.metadataTooManyKeys(count);
  return next;
}

export function isStripeError(e: unknown): e is StripeError {
  return e instanceof StripeError;
}
