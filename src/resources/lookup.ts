// Loading objects a request names, with Stripe's resource_missing errors:
// 404 and param `id` for the object in the URL, 400 and the param's name for references.
import { errors } from '../http/errors.ts';
import type { Ctx } from '../http/context.ts';
import type { Repository } from '../store/repository.ts';
import type { StoredObject } from '../store/objects.ts';
import { StoredOne } from '../http/stored-answer.ts';

/** A type's live objects: not its deleted stubs (a deleted customer). */
type Live<T> = Exclude<T, { deleted: true }>;

/**
 * The object named in the URL path. In a write request (its transaction) on PostgreSQL the row is
 * locked until the request ends (SELECT ... FOR UPDATE): update and delete services read, change
 * and write back the whole document, and two processes doing that at once on READ COMMITTED
 * would otherwise lose one's fields. SQLite runs one write transaction at a time already.
 */
export async function findById<T extends StoredObject>(ctx: Ctx, repo: Repository<T>, id: string, resource = repo.type): Promise<Live<T>> {
  const obj = ctx.work ? await repo.getForUpdate(ctx, id) : await repo.get(ctx, id);
  if (!obj || obj.deleted === true) throw errors.resourceMissing(resource, id, 'id', 404);
  return obj as Live<T>;
}

/**
 * A retrieve's answer: the object named in the URL path as its stored JSON text, which the route
 * sends as is when nothing in the answer changes it (http/stored-answer.ts). Inside a write's unit
 * of work it is findById's object.
 */
export async function findStoredById<T extends StoredObject>(ctx: Ctx, repo: Repository<T>, id: string, resource = repo.type): Promise<StoredOne | Live<T>> {
  if (ctx.work) return findById(ctx, repo, id, resource);
  const text = await repo.getStored(ctx, id);
  // A deleted stub is missing, as findById says (only a text that mentions it is parsed to look).
  if (text === undefined || (text.includes('"deleted":true') && (JSON.parse(text) as StoredObject).deleted === true))
    throw errors.resourceMissing(resource, id, 'id', 404);
  return new StoredOne(text);
}

/** An object referenced by a parameter (`customer`, `pricing[price]`, ...). */
export async function findRef<T extends StoredObject>(ctx: Ctx, repo: Repository<T>, id: string, param: string, resource = repo.type): Promise<Live<T>> {
  const obj = await repo.get(ctx, id);
  if (!obj || obj.deleted === true) throw errors.resourceMissing(resource, id, param);
  return obj as Live<T>;
}
