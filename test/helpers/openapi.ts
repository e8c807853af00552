// Validates response bodies against Stripe's official OpenAPI schemas at
// API version 2023-08-16 (test/fixtures/openapi-2023-08-16.json, MIT, Stripe).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { repoFile } from './repo.ts';

const spec = toJsonSchema(JSON.parse(readFileSync(repoFile('test/fixtures/openapi-2023-08-16.json'), 'utf8')));

/** OpenAPI 3.0's `nullable: true` becomes JSON Schema's "or null". */
function toJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = toJsonSchema(v);
  if (node.nullable === true) {
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('unix-time', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
ajv.addSchema({ components: spec.components }, 'spec');
const validators = new Map<string, ValidateFunction>();

function validatorFor(schema: string): ValidateFunction | undefined {
  if (!(schema in spec.components.schemas)) return undefined;
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile({ $ref: `spec#/components/schemas/${schema}` });
    validators.set(schema, v);
  }
  return v;
}

/** Problems with one response body, empty when it conforms. Lists are checked element by element. */
export function schemaProblems(body: any, where = ''): string[] {
  if (body === null || typeof body !== 'object') return [];
  if (body.error && typeof body.error === 'object') return check('error', body, where);
  if (body.object === 'list') {
    const problems: string[] = [];
    for (const key of ['data', 'has_more', 'url']) if (!(key in body)) problems.push(`${where}list: missing ${key}`);
    (body.data ?? []).forEach((el: unknown, i: number) => problems.push(...schemaProblems(el, `${where}data[${i}].`)));
    return problems;
  }
  if (typeof body.object !== 'string') return [];
  const schema = body.deleted === true ? `deleted_${body.object}` : body.object;
  return check(schema, body, where);
}

/**
 * Stripe grows some enums without a new API version (the SDK types end them with
 * `| OtherString` for that reason): tax_type gained values after 2023-08-16, and old
 * clients get them too. A value the current stripe package lists is not a violation.
 */
const GROWN_ENUMS: Record<string, Set<string>> = {
  'tax_rate/tax_type': sdkEnum('TaxRates.d.ts', 'TaxType'),
};

function sdkEnum(file: string, name: string): Set<string> {
  const require = createRequire(import.meta.url);
  const src = readFileSync(join(dirname(require.resolve('stripe')), 'resources', file), 'utf8');
  const m = new RegExp(`type ${name} = ([^;]+);`).exec(src);
  return new Set((m?.[1] ?? '').match(/'[^']+'/g)?.map((v) => v.slice(1, -1)) ?? []);
}

function check(schema: string, body: unknown, where: string): string[] {
  const v = validatorFor(schema);
  if (!v) return [];
  if (v(body)) return [];
  const errors = v.errors ?? [];
  const grown = new Set(
    errors
      .filter((e) => e.keyword === 'enum' && GROWN_ENUMS[`${schema}${e.instancePath}`]?.has(valueAt(body, e.instancePath) as string))
      .map((e) => e.instancePath),
  );
  return errors
    .filter((e) => !grown.has(e.instancePath))
    .map((e) => `${where}${schema}${e.instancePath} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}

function valueAt(body: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<any>((v, k) => (v === null || v === undefined ? v : v[k]), body);
}

export function hasSchema(type: string): boolean {
  return type in spec.components.schemas;
}
