// A typed repository over the shared objects table, one per object type: its
// filter columns are declared once (what they hold for this type), and every
// read and write of the type goes through these few operations. Writes inside a
// unit of work are noted in its change log (its events are derived from them).
import type { RangeInput } from '../http/params.ts';
import {
  cursorSeq,
  deleteObject,
  getObject,
  getObjectForUpdate,
  insertObject,
  listObjects,
  updateObject,
  type Access,
  type Columns,
  type ListQuery,
  type Page,
  type StoredObject,
} from './objects.ts';

export interface Repository<T extends StoredObject> {
  readonly type: string;
  get(a: Access, id: string): Promise<T | undefined>;
  /** In a unit of work on PostgreSQL, the row stays locked until the unit ends. */
  getForUpdate(a: Access, id: string): Promise<T | undefined>;
  /** `created` when the type's own rule cannot tell (a line is ordered by when it was stored). */
  insert(a: Access, obj: T, created?: number): Promise<void>;
  /** `columns` overrides what the type's own columns say (a price made inline stays inline). */
  update(a: Access, obj: T, columns?: Columns): Promise<void>;
  remove(a: Access, id: string): Promise<void>;
  /** One keyset page; `cursor` from cursor(). */
  list(a: Access, q: ListQuery, cursor?: { seq: number; before: boolean }): Promise<Page<T>>;
  /** A list cursor's position; undefined when the id is not of this type. */
  cursor(a: Access, id: string): Promise<number | undefined>;
}

export interface RepositoryDef<T> {
  type: string;
  /** The filter columns of an object of this type; none unless told. */
  columns?: (obj: T) => Columns;
  /** What orders and filters lists by `created=` (invoice items have `date`). */
  created?: (obj: T) => number;
}

export function repository<T extends StoredObject>(def: RepositoryDef<T>): Repository<T> {
  const { type } = def;
  const columns = def.columns ?? (() => ({}));
  const created = def.created ?? ((obj: T) => obj.created as number);
  return {
    type,
    get: (a, id) => getObject<T>(a.db, a.account, type, id),
    getForUpdate: (a, id) => getObjectForUpdate<T>(a, type, id),
    insert: (a, obj, at) => insertObject(a, type, obj, columns(obj), at ?? created(obj)),
    update: (a, obj, cols) => updateObject(a, obj, cols ?? columns(obj)),
    remove: (a, id) => deleteObject(a, id),
    list: (a, q, cursor) => listObjects<T>(a.db, a.account, type, q, cursor),
    cursor: (a, id) => cursorSeq(a.db, a.account, type, id),
  };
}

export type { Access, Columns, ListQuery, Page, RangeInput };
