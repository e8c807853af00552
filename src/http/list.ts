// The list envelope and its paging params, the same for every list endpoint.
import { s } from './params.ts';
import { errors } from './errors.ts';
import type { Ctx } from './context.ts';
import { cursorSeq, listObjects, type ListQuery, type StoredObject } from '../store/objects.ts';

export const listFields = {
  limit: s.integer({ min: 1, max: 100 }),
  starting_after: s.id(),
  ending_before: s.id(),
};

export interface ListEnvelope<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface PageParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
}

/** Runs a keyset-paged list over one object type. `resource` names the type in errors. */
export async function listPage<T extends StoredObject>(
  ctx: Ctx,
  type: string,
  url: string,
  page: PageParams,
  query: Omit<ListQuery, 'limit' | 'startingAfter' | 'endingBefore'>,
  resource = type,
): Promise<ListEnvelope<T>> {
  if (page.starting_after !== undefined && page.ending_before !== undefined) throw errors.bothCursors();
  const cursorId = page.starting_after ?? page.ending_before;
  let cursor: { seq: number; before: boolean } | undefined;
  if (cursorId !== undefined) {
    const seq = await cursorSeq(ctx.db, ctx.account, type, cursorId);
    const param = page.starting_after !== undefined ? 'starting_after' : 'ending_before';
    if (seq === undefined) throw errors.resourceMissing(resource, cursorId, param);
    cursor = { seq, before: page.ending_before !== undefined };
  }
  const result = await listObjects<T>(ctx.db, ctx.account, type, { ...query, limit: page.limit ?? 10 }, cursor);
  return { object: 'list', data: result.data, has_more: result.hasMore, url };
}
