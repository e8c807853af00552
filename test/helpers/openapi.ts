// Validates response bodies against Stripe's official OpenAPI schemas at
// API version 2023-08-16 (test/fixtures/openapi-2023-08-16.json, MIT, Stripe).
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

const spec = toJsonSchema(JSON.parse(readFileSync(new URL('../fixtures/openapi-2023-08-16.json', import.meta.url), 'utf8')));

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

function check(schema: string, body: unknown, where: string): string[] {
  const v = validatorFor(schema);
  if (!v) return [];
  if (v(body)) return [];
  return (v.errors ?? []).map((e) => `${where}${schema}${e.instancePath} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}

export function hasSchema(type: string): boolean {
  return type in spec.components.schemas;
}
