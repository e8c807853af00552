// What a resource declares to be searchable: one field table per resource
// (listed in tables/index.ts). Field kinds follow Stripe's
// query-field tables: tokens match exactly, strings also by substring,
// numbers also by comparison.
import type { StoredObject } from '../store/objects.ts';

export type FieldKind = 'token' | 'string' | 'number';

export interface SearchField {
  kind: FieldKind;
  /** The value searched; null or undefined when the object has none (matched by `field:null`). */
  value(obj: StoredObject): string | number | boolean | null | undefined;
}

export interface SearchTable {
  /** As in the URL and in Stripe's errors: `customers`, `invoices`, `payment_intents`. */
  resource: string;
  /** The stored object type (`customer`). */
  type: string;
  fields: Record<string, SearchField>;
  /** Whether `metadata['key']` clauses are allowed (every Stripe search resource has them). */
  metadata: boolean;
  /** Objects kept but never found (a deleted customer's stub); `stored` is its row's status column. */
  searchable?(obj: StoredObject, stored: { status: string | null }): boolean;
}

/** Reads a (dotted) top-level path: the common case of a field table entry. */
export const at =
  (kind: FieldKind, path: string): SearchField => ({
    kind,
    value(obj) {
      let v: unknown = obj;
      for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
    },
  });

