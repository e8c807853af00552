// Table types for Kysely. Objects are JSON documents in their newest API
// shape, with the columns that queries filter on pulled out beside them.
import type { Generated } from 'kysely';

export interface ObjectsTable {
  /** Global insertion order: lists sort by it, newest first, and paginate by keyset. */
  seq: Generated<number>;
  account: string;
  id: string;
  type: string;
  created: number;
  customer: string | null;
  invoice: string | null;
  status: string | null;
  /** A second free filter column (price product, invoice subscription, ...). */
  ref: string | null;
  /** A numeric filter column (invoice due_date, ...). */
  num: number | null;
  /** A third text filter column (invoice collection_method, ...). */
  tag: string | null;
  /** JSON text of the object. */
  data: string;
}

export interface IdempotencyTable {
  account: string;
  key: string;
  fingerprint: string;
  status: number;
  body: string;
  request_id: string;
  created: number;
}

export interface CountersTable {
  account: string;
  name: string;
  value: number;
}

export interface InvoicePrefixesTable {
  account: string;
  prefix: string;
  customer: string;
}

export interface EventsTable {
  seq: Generated<number>;
  account: string;
  id: string;
  type: string;
  created: number;
  api_version: string;
  request_id: string | null;
  idempotency_key: string | null;
  /** JSON of data.object in the newest API shape; rendered at api_version when read. */
  object: string;
  previous_attributes: string | null;
}

/** The search index (src/search/index-writer.ts). */
export interface SearchTermsTable {
  account: string;
  type: string;
  id: string;
  seq: number;
  field: string;
  value: string | null;
  text: string | null;
  num: number | null;
}

export interface Database {
  events: EventsTable;
  invoice_prefixes: InvoicePrefixesTable;
  objects: ObjectsTable;
  idempotency_keys: IdempotencyTable;
  counters: CountersTable;
  search_terms: SearchTermsTable;
}
