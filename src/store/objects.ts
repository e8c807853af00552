// Queries over the objects table, shared by every resource. Each object is
// stored as JSON in its newest shape; lists walk the global seq by keyset.
import { CompiledQuery, sql } from 'kysely';
import type { Db } from './db.ts';
import type { RangeInput } from '../http/params.ts';

/** Who reads or writes: the account, its database handle and, inside a write, the unit of work whose changes are noted. */
export interface Access {
  db: Db;
  account: string;
  work: {
    readonly locksRows: boolean;
    readonly changes: { note(type: string, id: string, before: StoredObject | null, after: StoredObject | null): void };
  } | null;
}

export interface StoredObject {
  id: string;
  [key: string]: unknown;
}

/** The filter columns an object carries beside its JSON. */
export interface Columns {
  customer?: string | null;
  invoice?: string | null;
  status?: string | null;
  ref?: string | null;
  num?: number | null;
  tag?: string | null;
}

/** `created` orders and filters lists; objects without a `created` field (invoice items use `date`) pass it. */
export async function insertObject(
  { db, account, work }: Access,
  type: string,
  obj: StoredObject,
  cols: Columns = {},
  created = obj.created as number,
): Promise<void> {
  await db
    .insertInto('objects')
    .values({
      account,
      id: obj.id,
      type,
      created,
      customer: cols.customer ?? null,
      invoice: cols.invoice ?? null,
      status: cols.status ?? null,
      ref: cols.ref ?? null,
      num: cols.num ?? null,
      tag: cols.tag ?? null,
      data: JSON.stringify(obj),
    })
    .execute();
  work?.changes.note(type, obj.id, null, structuredClone(obj));
}

/**
 * The read by id is on every request's path (and once per embedded object an old version
 * shows): its SQL is compiled once per dialect and reused, not rebuilt by Kysely each time.
 */
const getSql = new WeakMap<object, string>();

export async function getObject<T extends StoredObject>(db: Db, account: string, type: string, id: string): Promise<T | undefined> {
  const adapter = db.getExecutor().adapter;
  let text = getSql.get(adapter);
  if (text === undefined) {
    text = db.selectFrom('objects').select('data').where('account', '=', '').where('id', '=', '').where('type', '=', '').compile().sql;
    getSql.set(adapter, text);
  }
  const { rows } = await db.executeQuery<{ data: string }>(CompiledQuery.raw(text, [account, id, type]));
  return rows.length > 0 ? (JSON.parse(rows[0].data) as T) : undefined;
}

/** What API version rendering may read of one account (versions/change.ts ObjectLoader). */
export function objectLoader({ db, account }: Pick<Access, 'db' | 'account'>) {
  return {
    get: (type: string, id: string) => getObject<StoredObject>(db, account, type, id),
    countOnInvoice: (type: string, invoice: string) => countOnInvoice(db, account, type, invoice),
    listByRef: (type: string, ref: string, limit: number) => listObjects<StoredObject>(db, account, type, { limit, where: { ref } }),
  };
}

/** How many objects of a type belong to an invoice (its items, its lines). */
export async function countOnInvoice(db: Db, account: string, type: string, invoice: string): Promise<number> {
  const row = await db
    .selectFrom('objects')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account', '=', account)
    .where('type', '=', type)
    .where('invoice', '=', invoice)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many objects of a type match column filters. */
export async function countObjects(db: Db, account: string, type: string, where: ListQuery['where'] = {}): Promise<number> {
  const row = await whereColumns(db.selectFrom('objects').select((eb) => eb.fn.countAll<number>().as('n')).where('account', '=', account).where('type', '=', type), where)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every object of a type matching column filters, oldest first; `lock` locks the rows as getObjectForUpdate. */
export async function allObjects<T extends StoredObject>({ db, account, work }: Access, type: string, where: ListQuery['where'] = {}, lock = false): Promise<T[]> {
  let q = whereColumns(db.selectFrom('objects').select('data').where('account', '=', account).where('type', '=', type), where);
  if (lock && work?.locksRows) q = q.forUpdate();
  const rows = await q.orderBy('seq', 'asc').execute();
  return rows.map((r) => JSON.parse(r.data) as T);
}

function whereColumns<Q extends { where: (...args: any[]) => any }>(query: Q, where: ListQuery['where'] = {}): Q {
  for (const [col, value] of Object.entries(where) as [keyof Columns, any][]) {
    if (value === undefined) continue;
    query = value === null ? query.where(col, 'is', null) : query.where(col, '=', value);
  }
  return query;
}

/** Whether any object, of any type, has this id in the account (ids are unique per account). */
export async function idExists(db: Db, account: string, id: string): Promise<boolean> {
  const row = await db.selectFrom('objects').select('id').where('account', '=', account).where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/**
 * Reads an object and, on PostgreSQL, locks its row until the transaction ends, so that
 * read-modify-write sequences (invoice numbers, balances) hold across processes.
 * SQLite serializes write transactions already.
 */
export async function getObjectForUpdate<T extends StoredObject>({ db, account, work }: Access, type: string, id: string): Promise<T | undefined> {
  let q = db.selectFrom('objects').select('data').where('account', '=', account).where('id', '=', id).where('type', '=', type);
  if (work?.locksRows) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? (JSON.parse(row.data) as T) : undefined;
}

/** The row's type and JSON before a write, for the change log. */
async function current(db: Db, account: string, id: string): Promise<{ type: string; data: string } | undefined> {
  return db.selectFrom('objects').select(['type', 'data']).where('account', '=', account).where('id', '=', id).executeTakeFirst();
}

/** `sticky`: column values a row keeps when it holds them, whatever `cols` says. */
export async function updateObject({ db, account, work }: Access, obj: StoredObject, cols: Columns = {}, sticky: Columns = {}): Promise<void> {
  if (work) {
    const before = await current(db, account, obj.id);
    if (before) work.changes.note(before.type, obj.id, JSON.parse(before.data), structuredClone(obj));
  }
  const set: Record<string, unknown> = { data: JSON.stringify(obj), ...cols };
  for (const [col, value] of Object.entries(sticky) as [keyof Columns, string | number][]) {
    if (!(col in cols)) continue;
    set[col] = sql`case when ${sql.ref(col)} = ${value} then ${sql.ref(col)} else ${cols[col] ?? null} end`;
  }
  await db
    .updateTable('objects')
    .set(set)
    .where('account', '=', account)
    .where('id', '=', obj.id)
    .execute();
}

export async function deleteObject({ db, account, work }: Access, id: string): Promise<void> {
  if (work) {
    const before = await current(db, account, id);
    if (before) work.changes.note(before.type, id, JSON.parse(before.data), null);
  }
  await db.deleteFrom('objects').where('account', '=', account).where('id', '=', id).execute();
}

export interface ListQuery {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
  created?: RangeInput;
  /** A range over the numeric column (invoice due dates). */
  num?: RangeInput;
  /** Column equality filters; null means IS NULL. */
  where?: { [K in keyof Columns]?: Columns[K] };
  /** Columns that must be set (e.g. `pending=false`: attached to an invoice). */
  notNull?: (keyof Columns)[];
  /** Oldest first instead of Stripe's usual newest first (invoice lines). */
  ascending?: boolean;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

/** Looks up a cursor's position; undefined when the id is not in this list's table. */
export async function cursorSeq(db: Db, account: string, type: string, id: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('objects')
    .select('seq')
    .where('account', '=', account)
    .where('id', '=', id)
    .where('type', '=', type)
    .executeTakeFirst();
  return row?.seq;
}

export async function listObjects<T extends StoredObject>(
  db: Db,
  account: string,
  type: string,
  q: ListQuery,
  cursor?: { seq: number; before: boolean },
): Promise<Page<T>> {
  let query = whereColumns(db.selectFrom('objects').select('data').where('account', '=', account).where('type', '=', type), q.where);
  for (const col of q.notNull ?? []) query = query.where(col, 'is not', null);
  for (const col of ['created', 'num'] as const) {
    const c = q[col];
    if (typeof c === 'number') query = query.where(col, '=', c);
    else if (c) {
      if (c.gt !== undefined) query = query.where(col, '>', c.gt);
      if (c.gte !== undefined) query = query.where(col, '>=', c.gte);
      if (c.lt !== undefined) query = query.where(col, '<', c.lt);
      if (c.lte !== undefined) query = query.where(col, '<=', c.lte);
    }
  }
  // "Forward" is the list's own order; ending_before walks backwards from the cursor.
  const backwards = cursor?.before ?? false;
  const newestFirst = q.ascending ? backwards : !backwards;
  if (cursor) query = query.where('seq', newestFirst ? '<' : '>', cursor.seq);
  const rows = await query
    .orderBy('seq', newestFirst ? 'desc' : 'asc')
    .limit(q.limit + 1)
    .execute();
  const hasMore = rows.length > q.limit;
  const page = rows.slice(0, q.limit).map((r) => JSON.parse(r.data) as T);
  if (backwards) page.reverse();
  return { data: page, hasMore };
}

/** The ids and types of every object of the account whose filter `column` holds one of `values` (a test clock's cascade). */
export async function idsByColumn(db: Db, account: string, column: 'customer' | 'invoice' | 'ref', values: readonly string[]): Promise<{ id: string; type: string }[]> {
  if (values.length === 0) return [];
  return db.selectFrom('objects').select(['id', 'type']).where('account', '=', account).where(column, 'in', [...values]).orderBy('seq').execute();
}
