// Loading objects a request names, with Stripe's resource_missing errors:
// 404 and param `id` for the object in the URL, 400 and the param's name for references.
import { errors } from '../http/errors.ts';
import type { Ctx } from '../http/context.ts';
import { getObject, getObjectForUpdate, type StoredObject } from '../store/objects.ts';

/**
 * The object named in the URL path. In a write request (its transaction) on PostgreSQL the row is
 * locked until the request ends (SELECT ... FOR UPDATE): update and delete services read, change
 * and write back the whole document, and two processes doing that at once on READ COMMITTED
 * would otherwise lose one's fields. SQLite runs one write transaction at a time already.
 */
export async function findById<T extends StoredObject>(ctx: Ctx, type: string, id: string, resource = type): Promise<T> {
  const obj = ctx.work
    ? await getObjectForUpdate<T>(ctx, type, id)
    : await getObject<T>(ctx.db, ctx.account, type, id);
  if (!obj || obj.deleted === true) throw errors.resourceMissing(resource, id, 'id', 404);
  return obj;
}

/** An object referenced by a parameter (`customer`, `pricing[price]`, ...). */
export async function findRef<T extends StoredObject>(ctx: Ctx, type: string, id: string, param: string, resource = type): Promise<T> {
  const obj = await getObject<T>(ctx.db, ctx.account, type, id);
  if (!obj || obj.deleted === true) throw errors.resourceMissing(resource, id, param);
  return obj;
}
