// The rows an object contributes to the search index (pure). One row says the
// object is searchable at all (field PRESENT), then rows per field with a value:
// a token lowercased in `value`; a number in `num`; a string as its lowercased
// words in `text` (for `~` substring scans) and once per word onward in `value`
// ("amy rider", "rider"), so that a whole-word match (`name:"rider"`) is an index
// seek on a prefix. A field without a value has no row: that is what `field:null` finds.
import type { StoredObject } from '../store/objects.ts';
import type { SearchTable } from './fields.ts';

export const PRESENT = '*';

/** Word suffixes kept per string (a long description's later words are found by `~` only). */
export const MAX_SUFFIXES = 32;

/** The index key of `metadata['key']`. */
export const metadataField = (key: string): string => `metadata[${key}]`;

/** Token values are compared whole; PostgreSQL's btree caps a key near 2.7 kB, so longer ones keep their start. */
export const TOKEN_MAX = 500;

export interface Term {
  field: string;
  value: string | null;
  text: string | null;
  num: number | null;
}

export const tokenOf = (v: string): string => v.toLowerCase().slice(0, TOKEN_MAX);

/** ` word word `: exact matches of strings are by whole words in order (docs: "one two three" finds "one two three four"). */
export const wordsOf = (v: string): string => {
  const words = v.toLowerCase().split(/\s+/).filter(Boolean);
  return words.length === 0 ? ' ' : ` ${words.join(' ')} `;
};

export function termsOf(table: SearchTable, obj: StoredObject, stored: { status: string | null }): Term[] {
  if (table.searchable && !table.searchable(obj, stored)) return [];
  const terms: Term[] = [{ field: PRESENT, value: null, text: null, num: null }];
  for (const [field, def] of Object.entries(table.fields)) {
    const v = def.value(obj);
    if (v === null || v === undefined || v === '') continue;
    if (def.kind === 'number') {
      const n = Number(v);
      if (Number.isFinite(n)) terms.push({ field, value: null, text: null, num: n });
    } else if (def.kind === 'token') terms.push({ field, value: tokenOf(String(v)), text: null, num: null });
    else {
      const words = wordsOf(String(v));
      terms.push({ field, value: null, text: words, num: null });
      const list = words.trim().split(' ');
      for (let i = 0; i < Math.min(list.length, MAX_SUFFIXES); i++)
        terms.push({ field, value: tokenOf(list.slice(i).join(' ')), text: null, num: null });
    }
  }
  if (table.metadata) {
    const md = obj.metadata as Record<string, string> | undefined;
    for (const [key, v] of Object.entries(md ?? {})) terms.push({ field: metadataField(key), value: tokenOf(v), text: null, num: null });
  }
  return terms;
}
