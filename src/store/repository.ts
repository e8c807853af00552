// A typed repository over the shared objects table, one per object type: its
// filter columns are declared once (what they hold for this type), and every
// read and write of the type goes through these few operations. Writes inside a
// unit of work are noted in its change log (its events are derived from them).
import type { RangeInput } from '../http/params.ts';
import {
  allObjects,
  countObjects,
  cursorSeq,
  deleteObject,
  getObject,
  getStoredText,
  getObjectForUpdate,
  insertObject,
  listObjects,
  listStoredTexts,
  updateObject,
  type Access,
  type Columns,
  type ListQuery,
  type Page,
  type StoredObject,
} from './objects.ts';

/** Column equality filters; null means IS NULL. */
export type Where = ListQuery['where'];

/** What DELETE answers for every type that has one, as Stripe does. */
export interface DeletedStub {
  id: string;
  object: string;
  deleted: true;
}

/**
 * The one deletion rule. Every DELETE answers `{id, object, deleted: true}`; what stays of
 * the stored row is the type's `onDelete`:
 * - `'remove'` (the default): the row goes; retrieve answers 404 (invoice items, draft invoices,
 *   webhook endpoints).
 * - `'stub'`: the row stays as the stub itself under its own type; retrieve answers the stub
 *   (customers: Stripe answers a deleted customer's retrieve with `deleted: true`).
 * - `{ into, keep }`: the row moves to another type (`deleted_product`, `deleted_coupon`) as
 *   `keep(obj)`, out of lists and lookups, so its id stays taken and events, expansions and
 *   applied discounts can still show it.
 */
export type OnDelete<T> = 'remove' | 'stub' | { into: Repository<any>; keep: (obj: T) => StoredObject };

export interface Repository<T extends StoredObject> {
  readonly type: string;
  get(a: Access, id: string): Promise<T | undefined>;
  /** The same object as its stored JSON text, unparsed. */
  getStored(a: Access, id: string): Promise<string | undefined>;
  /** In a unit of work on PostgreSQL, the row stays locked until the unit ends. */
  getForUpdate(a: Access, id: string): Promise<T | undefined>;
  /**
   * `created` when the type's own rule cannot tell (a line is ordered by when it was stored);
   * `sticky` stores the type's sticky column values (a price made from `price_data`).
   */
  insert(a: Access, obj: T, opts?: { created?: number; sticky?: boolean }): Promise<void>;
  update(a: Access, obj: T): Promise<void>;
  /** Removes the row whatever the type's deletion rule (a line replaced, a coupon's live row). */
  remove(a: Access, id: string): Promise<void>;
  /** Deletes by the type's `onDelete` rule and returns what DELETE answers. */
  delete(a: Access, obj: T): Promise<DeletedStub>;
  /** One keyset page; `cursor` from cursor(). */
  list(a: Access, q: ListQuery, cursor?: { seq: number; before: boolean }): Promise<Page<T>>;
  /** The same page as the objects' stored JSON text, unparsed. */
  listStored(a: Access, q: ListQuery, cursor?: { seq: number; before: boolean }): Promise<Page<string>>;
  /** A list cursor's position; undefined when the id is not of this type. */
  cursor(a: Access, id: string): Promise<number | undefined>;
  /** Every object matching the column filters, oldest first (an invoice's items or lines). `lock`: rows locked as getForUpdate. */
  all(a: Access, where: Where, lock?: boolean): Promise<T[]>;
  /** How many objects match the column filters. */
  count(a: Access, where: Where): Promise<number>;
}

export interface RepositoryDef<T> {
  type: string;
  /** The filter columns of an object of this type; none unless told. */
  columns?: (obj: T) => Columns;
  /**
   * Column values a row keeps once inserted with them, whatever `columns` says after an update:
   * a state the stored JSON does not show (a price made from `price_data` stays `status: inline`).
   */
  sticky?: Columns;
  /** What orders and filters lists by `created=` (invoice items have `date`). */
  created?: (obj: T) => number;
  onDelete?: OnDelete<T>;
}

export function repository<T extends StoredObject>(def: RepositoryDef<T>): Repository<T> {
  const { type, sticky } = def;
  const columns = def.columns ?? (() => ({}));
  const created = def.created ?? ((obj: T) => obj.created as number);
  const onDelete = def.onDelete ?? 'remove';
  const repo: Repository<T> = {
    type,
    get: (a, id) => getObject<T>(a.db, a.account, type, id),
    getStored: (a, id) => getStoredText(a.db, a.account, type, id),
    getForUpdate: (a, id) => getObjectForUpdate<T>(a, type, id),
    insert: (a, obj, opts) =>
      insertObject(a, type, obj, opts?.sticky ? { ...columns(obj), ...sticky } : columns(obj), opts?.created ?? created(obj)),
    update: (a, obj) => updateObject(a, obj, columns(obj), sticky, type),
    remove: (a, id) => deleteObject(a, id),
    async delete(a, obj) {
      const stub: DeletedStub = { id: obj.id, object: obj.object as string, deleted: true };
      if (onDelete === 'stub') await repo.update(a, { ...stub } as unknown as T);
      else {
        await deleteObject(a, obj.id);
        if (onDelete !== 'remove') await onDelete.into.insert(a, onDelete.keep(obj));
      }
      return stub;
    },
    list: (a, q, cursor) => listObjects<T>(a.db, a.account, type, q, cursor),
    listStored: (a, q, cursor) => listStoredTexts(a.db, a.account, type, q, cursor),
    cursor: (a, id) => cursorSeq(a.db, a.account, type, id),
    all: (a, where, lock = false) => allObjects<T>(a, type, where, lock),
    count: (a, where) => countObjects(a.db, a.account, type, where),
  };
  return repo;
}

export type { Access, Columns, ListQuery, Page, RangeInput };
