// Reads the stripe package's type definitions: the fields an object type
// declares as always present (not optional). Used to prove we send them all.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const resources = join(dirname(require.resolve('stripe')), 'resources');

export function requiredFields(file: string, iface: string): string[] {
  const src = readFileSync(join(resources, file), 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, '');
  const start = src.search(new RegExp(`export interface ${iface} \\{`));
  if (start < 0) throw new Error(`${iface} not found in ${file}`);
  let depth = 0;
  let i = src.indexOf('{', start);
  const bodyStart = i + 1;
  for (; i < src.length; i++) {
    if (src[i] === '{') depth++;
    else if (src[i] === '}' && --depth === 0) break;
  }
  const body = src.slice(bodyStart, i);
  const fields: string[] = [];
  let level = 0;
  for (const line of body.split('\n')) {
    if (level === 0) {
      const m = /^\s*([a-z_0-9]+)(\??):/.exec(line);
      if (m && m[2] === '') fields.push(m[1]);
    }
    level += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
  }
  return fields;
}
