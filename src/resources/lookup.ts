// Loading objects a request names, with Stripe's resource_missing errors:
// 404 and param `id` for the object in the URL, 400 and the param's name for references.
import { errors } from '../http/errors.ts';
import type { Ctx } from '../http/context.ts';
import { getObject, type StoredObject } from '../store/objects.ts';

/** The object named in the URL path. */
export async function findById<T extends StoredObject>(ctx: Ctx, type: string, id: string, resource = type): Promise<T> {
  const obj = await getObject<T>(ctx.db, ctx.account, type, id);
  if (!obj || obj.deleted === true) throw errors.resourceMissing(resource, id, 'id', 404);
  return obj;
}

/** An object referenced by a parameter (`customer`, `pricing[price]`, ...). */
export async function findRef<T extends StoredObject>(ctx: Ctx, type: string, id: string, param: string, resource = type): Promise<T> {
  const obj = await getObject<T>(ctx.db, ctx.account, type, id);
  if (!obj || obj.deleted === true) throw errors.resourceMissing(resource, id, param);
  return obj;
}
