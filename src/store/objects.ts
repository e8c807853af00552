// Queries over the objects table, shared by every resource. Each object is
// stored as JSON in its newest shape; lists walk the global seq by keyset.
import { sql } from 'kysely';
import { compiled } from './compiled.ts';
import type { Insertable } from 'kysely';
import type { ObjectsTable } from './schema.ts';
import type { Db } from './db.ts';
import type { RangeInput } from '../http/params.ts';

/** Who reads or writes: the account, its database handle and, inside a write, the unit of work whose changes are noted. */
export interface Access {
  db: Db;
  account: string;
  work: {
    readonly locksRows: boolean;
    readonly changes: {
      note(type: string, id: string, before: StoredObject | null, after: StoredObject | null): void;
      /** Whether the unit already noted a change of this object (its state before the unit is kept then). */
      noted?(type: string, id: string): boolean;
    };
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

const COLUMNS = ['customer', 'invoice', 'status', 'ref', 'num', 'tag'] as const;

/**
 * Rows a transaction has read or written, by account and id, as stored text: a unit of work that
 * reads one object twice (a customer for its test clock, then the customer itself) sends one
 * statement, and each read still gets its own parsed copy. Only inside a transaction, where every
 * write of the objects table goes through this file (which keeps the copies current); reads
 * FOR UPDATE always go to the database (they take the lock, and refresh the copy).
 */
const seenRows = new WeakMap<Db, Map<string, { type: string; data: string }>>();

/** Drops the transaction's copies: after a rollback to a savepoint they may hold writes that were undone. */
export function forgetReads(db: Db): void {
  seenRows.delete(db);
}

function seenIn(db: Db): Map<string, { type: string; data: string }> | null {
  if (!db.isTransaction) return null;
  let rows = seenRows.get(db);
  if (!rows) seenRows.set(db, (rows = new Map()));
  return rows;
}

const insertSql = compiled((db, row: Insertable<ObjectsTable>) => db.insertInto('objects').values(row));

/** `created` orders and filters lists; objects without a `created` field (invoice items use `date`) pass it. */
export async function insertObject(
  { db, account, work }: Access,
  type: string,
  obj: StoredObject,
  cols: Columns = {},
  created = obj.created as number,
): Promise<void> {
  const data = JSON.stringify(obj);
  await insertSql.execute(db, {
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
    data,
  });
  seenIn(db)?.set(`${account}\u0000${obj.id}`, { type, data });
  // The change log's copy is what was stored, parsed back: cheaper than structuredClone, and the same document.
  work?.changes.note(type, obj.id, null, JSON.parse(data));
}

/** By id; `shape` 'lock' reads it FOR UPDATE. */
const getSql = compiled((db, a: { account: string; id: string; type: string }, shape) => {
  const q = db.selectFrom('objects').select('data').where('account', '=', a.account).where('id', '=', a.id).where('type', '=', a.type);
  return shape === 'lock' ? q.forUpdate() : q;
});

export async function getObject<T extends StoredObject>(db: Db, account: string, type: string, id: string): Promise<T | undefined> {
  const text = await getStoredText(db, account, type, id);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

/** An object's stored JSON text, unparsed (a retrieve the route may answer as stored: http/stored-answer.ts). */
export async function getStoredText(db: Db, account: string, type: string, id: string): Promise<string | undefined> {
  const seen = seenIn(db);
  const key = `${account}\u0000${id}`;
  const hit = seen?.get(key);
  if (hit !== undefined && hit.type === type) return hit.data;
  const rows = await getSql.rows(db, { account, id, type });
  if (rows.length === 0) return undefined;
  seen?.set(key, { type, data: rows[0].data });
  return rows[0].data;
}

/**
 * Reads objects by id (any type), and the customers they belong to, into the transaction's copies
 * in two statements: work about to touch many objects one by one (a batch of timers) then finds
 * them there. SQLite only: its one writer means nothing changes them before they are used; on
 * PostgreSQL they are read (and locked) when used.
 */
export async function prefetchObjects({ db, account, work }: Access, ids: readonly string[]): Promise<void> {
  const seen = seenIn(db);
  if (!seen || work?.locksRows) return;
  const customers = new Set<string>();
  const read = async (wanted: string[]) => {
    for (let i = 0; i < wanted.length; i += 500) {
      const rows = await db.selectFrom('objects').select(['id', 'type', 'customer', 'data']).where('account', '=', account).where('id', 'in', wanted.slice(i, i + 500)).execute();
      for (const r of rows) {
        if (!seen.has(`${account}\u0000${r.id}`)) seen.set(`${account}\u0000${r.id}`, { type: r.type, data: r.data });
        if (r.customer) customers.add(r.customer);
      }
    }
  };
  const unseen = (list: Iterable<string>) => [...new Set(list)].filter((id) => !seen.has(`${account}\u0000${id}`));
  const first = unseen(ids);
  if (first.length > 0) await read(first);
  const second = unseen(customers);
  if (second.length > 0) await read(second);
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
export function countOnInvoice(db: Db, account: string, type: string, invoice: string): Promise<number> {
  return countObjects(db, account, type, { invoice });
}

/**
 * Column equality filters, as the shape of a compiled query (`customer=,invoice0`: customer equal
 * to a value, invoice null) and the values it takes (`w_customer`).
 */
function whereShape(where: ListQuery['where'] = {}, args: Record<string, unknown>): string {
  let shape = '';
  for (const col of COLUMNS) {
    const value = where[col];
    if (value === undefined) continue;
    if (value === null) shape += `${col}0,`;
    else {
      shape += `${col}=,`;
      args[`w_${col}`] = value;
    }
  }
  return shape;
}

function whereColumns<Q extends { where: (...args: any[]) => any }>(query: Q, shape: string, args: Record<string, unknown>): Q {
  for (const part of shape.split(',')) {
    if (part.endsWith('0')) query = query.where(part.slice(0, -1), 'is', null);
    else if (part.endsWith('=')) query = query.where(part.slice(0, -1), '=', args[`w_${part.slice(0, -1)}`]);
  }
  return query;
}

const countSql = compiled((db, a: Record<string, unknown>, shape) =>
  whereColumns(db.selectFrom('objects').select((eb) => eb.fn.countAll<number>().as('n')).where('account', '=', a.account as string).where('type', '=', a.type as string), shape, a),
);

/** How many objects of a type match column filters. */
export async function countObjects(db: Db, account: string, type: string, where: ListQuery['where'] = {}): Promise<number> {
  const args: Record<string, unknown> = { account, type };
  const shape = whereShape(where, args);
  const rows = await countSql.rows(db, args, shape);
  return Number(rows[0].n);
}

/** `lock` in the shape: FOR UPDATE. */
const allSql = compiled((db, a: Record<string, unknown>, shape) => {
  const q = whereColumns(db.selectFrom('objects').select('data').where('account', '=', a.account as string).where('type', '=', a.type as string), shape, a).orderBy('seq', 'asc');
  return shape.startsWith('lock,') ? q.forUpdate() : q;
});

/** Every object of a type matching column filters, oldest first; `lock` locks the rows as getObjectForUpdate. */
export async function allObjects<T extends StoredObject>({ db, account, work }: Access, type: string, where: ListQuery['where'] = {}, lock = false): Promise<T[]> {
  const args: Record<string, unknown> = { account, type };
  const shape = (lock && work?.locksRows ? 'lock,' : '') + whereShape(where, args);
  const rows = await allSql.rows(db, args, shape);
  return rows.map((r) => JSON.parse(r.data as string) as T);
}

const idSql = compiled((db, a: { account: string; id: string }) =>
  db.selectFrom('objects').select('id').where('account', '=', a.account).where('id', '=', a.id),
);

/** Whether any object, of any type, has this id in the account (ids are unique per account). */
export async function idExists(db: Db, account: string, id: string): Promise<boolean> {
  return (await idSql.rows(db, { account, id })).length > 0;
}

/**
 * Reads an object and, on PostgreSQL, locks its row until the transaction ends, so that
 * read-modify-write sequences (invoice numbers, balances) hold across processes.
 * SQLite serializes write transactions already.
 */
export async function getObjectForUpdate<T extends StoredObject>({ db, account, work }: Access, type: string, id: string): Promise<T | undefined> {
  // SQLite takes no row locks (its write transaction is the lock): a row this transaction read or wrote is answered from its copy.
  if (!work?.locksRows) {
    const hit = seenIn(db)?.get(`${account}\u0000${id}`);
    if (hit !== undefined && hit.type === type) return JSON.parse(hit.data) as T;
  }
  const rows = await getSql.rows(db, { account, id, type }, work?.locksRows ? 'lock' : '');
  if (rows.length === 0) return undefined;
  seenIn(db)?.set(`${account}\u0000${id}`, { type, data: rows[0].data });
  return JSON.parse(rows[0].data) as T;
}

const currentSql = compiled((db, a: { account: string; id: string }) =>
  db.selectFrom('objects').select(['type', 'data']).where('account', '=', a.account).where('id', '=', a.id),
);

/** The row's type and JSON before a write, for the change log: the transaction's copy when it has one (it is the row as stored). */
async function current(db: Db, account: string, id: string): Promise<{ type: string; data: string } | undefined> {
  const seen = seenIn(db)?.get(`${account}\u0000${id}`);
  if (seen !== undefined) return seen;
  return (await currentSql.rows(db, { account, id }))[0];
}

/**
 * Shape: the columns set, each `col` (a value) or `col~` (kept when the row holds its sticky value).
 * Values: `data`, `c_<col>`, and `s_<col>` for the sticky ones.
 */
const updateSql = compiled((db, a: Record<string, unknown>, shape) => {
  const set: Record<string, unknown> = { data: a.data };
  for (const part of shape.split(',').filter(Boolean)) {
    const col = part.replace('~', '');
    set[col] = part.endsWith('~') ? sql`case when ${sql.ref(col)} = ${a[`s_${col}`]} then ${sql.ref(col)} else ${a[`c_${col}`]} end` : a[`c_${col}`];
  }
  return db.updateTable('objects').set(set).where('account', '=', a.account as string).where('id', '=', a.id as string);
});

/**
 * `sticky`: column values a row keeps when it holds them, whatever `cols` says. `type`: the row's,
 * when the caller knows it: a row the unit of work already changed is not read again for the
 * change log, which keeps its state from before the unit (an invoice updated five times in one
 * request is read once).
 */
export async function updateObject({ db, account, work }: Access, obj: StoredObject, cols: Columns = {}, sticky: Columns = {}, type?: string): Promise<void> {
  const data = JSON.stringify(obj);
  if (work) {
    if (type !== undefined && work.changes.noted?.(type, obj.id)) work.changes.note(type, obj.id, null, JSON.parse(data));
    else {
      const before = await current(db, account, obj.id);
      if (before) work.changes.note(before.type, obj.id, JSON.parse(before.data), JSON.parse(data));
    }
  }
  const args: Record<string, unknown> = { account, id: obj.id, data };
  let shape = '';
  for (const col of COLUMNS) {
    if (!(col in cols)) continue;
    args[`c_${col}`] = cols[col] ?? null;
    const kept = sticky[col];
    if (kept === undefined) shape += `${col},`;
    else {
      shape += `${col}~,`;
      args[`s_${col}`] = kept;
    }
  }
  await updateSql.execute(db, args, shape);
  const seen = seenIn(db)?.get(`${account}\u0000${obj.id}`);
  if (seen) seen.data = data;
}

const deleteSql = compiled((db, a: { account: string; id: string }) =>
  db.deleteFrom('objects').where('account', '=', a.account).where('id', '=', a.id),
);

export async function deleteObject({ db, account, work }: Access, id: string): Promise<void> {
  if (work) {
    const before = await current(db, account, id);
    if (before) work.changes.note(before.type, id, JSON.parse(before.data), null);
  }
  await deleteSql.execute(db, { account, id });
  seenIn(db)?.delete(`${account}\u0000${id}`);
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

const cursorSql = compiled((db, a: { account: string; id: string; type: string }) =>
  db.selectFrom('objects').select('seq').where('account', '=', a.account).where('id', '=', a.id).where('type', '=', a.type),
);

/** Looks up a cursor's position; undefined when the id is not in this list's table. */
export async function cursorSeq(db: Db, account: string, type: string, id: string): Promise<number | undefined> {
  return (await cursorSql.rows(db, { account, id, type }))[0]?.seq;
}

const RANGE_OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * Shape: `where` (whereShape), then `|`, then the other parts: `!col` (not null), `col:eq` or
 * `col:gt`... (ranges), `seq<` or `seq>` (a cursor), `desc` or `asc`.
 */
const listSql = compiled((db, a: Record<string, unknown>, shape) => {
  const [where, rest] = shape.split('|');
  let query = whereColumns(db.selectFrom('objects').select('data').where('account', '=', a.account as string).where('type', '=', a.type as string), where, a);
  let order: 'asc' | 'desc' = 'desc';
  for (const part of rest.split(',').filter(Boolean)) {
    if (part.startsWith('!')) query = query.where(part.slice(1) as keyof Columns, 'is not', null);
    else if (part.includes(':')) {
      const [col, op] = part.split(':') as ['created' | 'num', 'eq' | keyof typeof RANGE_OPS];
      query = query.where(col, op === 'eq' ? '=' : RANGE_OPS[op], a[`r_${col}_${op}`] as number);
    } else if (part === 'seq<' || part === 'seq>') query = query.where('seq', part === 'seq<' ? '<' : '>', a.seq as number);
    else order = part as 'asc' | 'desc';
  }
  return query.orderBy('seq', order).limit(a.limit as number);
});

export async function listObjects<T extends StoredObject>(
  db: Db,
  account: string,
  type: string,
  q: ListQuery,
  cursor?: { seq: number; before: boolean },
): Promise<Page<T>> {
  const page = await listStoredTexts(db, account, type, q, cursor);
  return { data: page.data.map((text) => JSON.parse(text) as T), hasMore: page.hasMore };
}

/** One keyset page as the objects' stored JSON text, unparsed (a list the route may answer as stored: http/list.ts). */
export async function listStoredTexts(
  db: Db,
  account: string,
  type: string,
  q: ListQuery,
  cursor?: { seq: number; before: boolean },
): Promise<Page<string>> {
  const args: Record<string, unknown> = { account, type, limit: q.limit + 1 };
  let shape = `${whereShape(q.where, args)}|`;
  for (const col of q.notNull ?? []) shape += `!${col},`;
  for (const col of ['created', 'num'] as const) {
    const c = q[col];
    if (typeof c === 'number') {
      shape += `${col}:eq,`;
      args[`r_${col}_eq`] = c;
    } else if (c) {
      for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
        if (c[op] === undefined) continue;
        shape += `${col}:${op},`;
        args[`r_${col}_${op}`] = c[op];
      }
    }
  }
  // "Forward" is the list's own order; ending_before walks backwards from the cursor.
  const backwards = cursor?.before ?? false;
  const newestFirst = q.ascending ? backwards : !backwards;
  if (cursor) {
    shape += newestFirst ? 'seq<,' : 'seq>,';
    args.seq = cursor.seq;
  }
  shape += newestFirst ? 'desc' : 'asc';
  const rows = await listSql.rows(db, args, shape);
  const hasMore = rows.length > q.limit;
  const page = rows.slice(0, q.limit).map((r) => r.data as string);
  if (backwards) page.reverse();
  return { data: page, hasMore };
}

/** The ids and types of every object of the account whose filter `column` holds one of `values` (a test clock's cascade). */
export async function idsByColumn(db: Db, account: string, column: 'customer' | 'invoice' | 'ref', values: readonly string[]): Promise<{ id: string; type: string }[]> {
  if (values.length === 0) return [];
  return db.selectFrom('objects').select(['id', 'type']).where('account', '=', account).where(column, 'in', [...values]).orderBy('seq').execute();
}
