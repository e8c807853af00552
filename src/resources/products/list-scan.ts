// Lists whose filters are not all filter columns (product `shippable`, price
// `currency`, `lookup_keys`, ...): the columns narrow the query in SQL, a
// predicate keeps the rest, and the page is filled batch by batch so `limit`,
// `has_more` and both cursors behave exactly as in listPage.
// Used by products and prices; a candidate for src/http/list.ts.
import { errors } from '../../http/errors.ts';
import type { Ctx } from '../../http/context.ts';
import type { ListEnvelope, PageParams } from '../../http/list.ts';
import { cursorSeq, listObjects, type ListQuery, type StoredObject } from '../../store/objects.ts';

type Query = Omit<ListQuery, 'limit' | 'startingAfter' | 'endingBefore'>;

const BATCH = 100;

export async function filteredListPage<T extends StoredObject>(
  ctx: Ctx,
  type: string,
  url: string,
  page: PageParams,
  query: Query,
  keep: (obj: T) => boolean,
  resource = type,
): Promise<ListEnvelope<T>> {
  if (page.starting_after !== undefined && page.ending_before !== undefined) throw errors.bothCursors();
  const limit = page.limit ?? 10;
  const backwards = page.ending_before !== undefined;
  const cursorId = page.starting_after ?? page.ending_before;
  let cursor: { seq: number; before: boolean } | undefined;
  if (cursorId !== undefined) {
    const seq = await cursorSeq(ctx.db, ctx.account, type, cursorId);
    if (seq === undefined) throw errors.resourceMissing(resource, cursorId, backwards ? 'ending_before' : 'starting_after');
    cursor = { seq, before: backwards };
  }
  // Collected in walking order: newest first forwards, oldest first backwards.
  const found: T[] = [];
  for (;;) {
    const batch = await listObjects<T>(ctx.db, ctx.account, type, { ...query, limit: Math.max(BATCH, limit + 1) }, cursor);
    // listObjects returns a backwards page already reversed into display order.
    const walked = backwards ? [...batch.data].reverse() : batch.data;
    for (const obj of walked) {
      if (keep(obj)) found.push(obj);
      if (found.length > limit) break;
    }
    if (found.length > limit || !batch.hasMore || walked.length === 0) break;
    const last = walked[walked.length - 1];
    const seq = await cursorSeq(ctx.db, ctx.account, type, last.id);
    if (seq === undefined) break;
    cursor = { seq, before: backwards };
  }
  const data = found.slice(0, limit);
  if (backwards) data.reverse();
  return { object: 'list', data, has_more: found.length > limit, url };
}

/** The first object of a type (newest first) that satisfies the predicate. */
export async function findObject<T extends StoredObject>(
  ctx: Ctx,
  type: string,
  query: Query,
  match: (obj: T) => boolean,
): Promise<T | undefined> {
  const page = await filteredListPage<T>(ctx, type, '', { limit: 1 }, query, match);
  return page.data[0];
}
