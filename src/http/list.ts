// The list envelope and its paging params, and the one list engine every list endpoint uses.
import { s } from './params.ts';
import { errors } from './errors.ts';
import type { Ctx } from './context.ts';
import type { ListQuery, Repository } from '../store/repository.ts';
import type { StoredObject } from '../store/objects.ts';
import { StoredList } from './stored-answer.ts';

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

export type ListFilter<T> = Omit<ListQuery, 'limit' | 'startingAfter' | 'endingBefore'> & {
  /**
   * Filters the filter columns cannot express (product `shippable`, price `currency`, ...):
   * the columns narrow the query in SQL, `keep` the rest, and the page is filled batch by batch
   * so `limit`, `has_more` and both cursors behave as in a list of columns only.
   */
  keep?: (obj: T) => boolean;
};

const BATCH = 100;

type Cursor = { seq: number; before: boolean };

function pageOf(page: PageParams): { limit: number; backwards: boolean } {
  if (page.starting_after !== undefined && page.ending_before !== undefined) throw errors.bothCursors();
  return { limit: page.limit ?? 10, backwards: page.ending_before !== undefined };
}

/** Where the page starts: after (or before) the cursor object, which must be of this list's type. */
async function cursorOf<T extends StoredObject>(ctx: Ctx, repo: Repository<T>, page: PageParams, resource: string): Promise<Cursor | undefined> {
  const backwards = page.ending_before !== undefined;
  const cursorId = page.starting_after ?? page.ending_before;
  if (cursorId === undefined) return undefined;
  const seq = await repo.cursor(ctx, cursorId);
  if (seq === undefined) throw errors.resourceMissing(resource, cursorId, backwards ? 'ending_before' : 'starting_after');
  return { seq, before: backwards };
}

/** A list endpoint's page as the route answers it: listPage without `keep`, the objects left as stored. */
export async function listStoredPage<T extends StoredObject>(
  ctx: Ctx,
  repo: Repository<T>,
  url: string,
  page: PageParams,
  query: Omit<ListFilter<T>, 'keep'>,
  resource = repo.type,
): Promise<StoredList> {
  const { limit } = pageOf(page);
  const cursor = await cursorOf(ctx, repo, page, resource);
  const result = await repo.listStored(ctx, { ...query, limit }, cursor);
  return new StoredList(result.data, result.hasMore, url);
}

/** Runs a keyset-paged list over one repository's objects. `resource` names the type in errors. */
export async function listPage<T extends StoredObject>(
  ctx: Ctx,
  repo: Repository<T>,
  url: string,
  page: PageParams,
  query: ListFilter<T>,
  resource = repo.type,
): Promise<ListEnvelope<T>> {
  const { limit, backwards } = pageOf(page);
  let cursor = await cursorOf(ctx, repo, page, resource);
  const { keep, ...columns } = query;
  if (keep === undefined) {
    const result = await repo.list(ctx, { ...columns, limit }, cursor);
    return { object: 'list', data: result.data, has_more: result.hasMore, url };
  }
  // Collected in walking order: newest first forwards, oldest first backwards.
  const found: T[] = [];
  for (;;) {
    const batch = await repo.list(ctx, { ...columns, limit: Math.max(BATCH, limit + 1) }, cursor);
    // A backwards page comes already reversed into display order.
    const walked = backwards ? [...batch.data].reverse() : batch.data;
    for (const obj of walked) {
      if (keep(obj)) found.push(obj);
      if (found.length > limit) break;
    }
    if (found.length > limit || !batch.hasMore || walked.length === 0) break;
    const seq = await repo.cursor(ctx, walked[walked.length - 1].id);
    if (seq === undefined) break;
    cursor = { seq, before: backwards };
  }
  const data = found.slice(0, limit);
  if (backwards) data.reverse();
  return { object: 'list', data, has_more: found.length > limit, url };
}

/** The first object (newest first) the column filters and `keep` accept. */
export async function findFirst<T extends StoredObject>(ctx: Ctx, repo: Repository<T>, query: ListFilter<T>): Promise<T | undefined> {
  return (await listPage<T>(ctx, repo, '', { limit: 1 }, query)).data[0];
}
