// GET /v1/<resource>/search for a resource with a field table: params, the
// query run as SQL over the search index, the search_result envelope.
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../http/context.ts';
import { s, validate } from '../http/params.ts';
import { addRoute, type RouteDeps } from '../http/route.ts';
import type { StoredObject } from '../store/objects.ts';
import type { SearchTable } from './fields.ts';
import { parseQuery, QueryError, unparsable } from './grammar.ts';
import { checkClause, countAll, findPage } from './compile.ts';
import { pageToken, readPageToken } from './page-token.ts';

export const searchParams = {
  query: s.string({ required: true }),
  limit: s.integer({ min: 1, max: 100 }),
  page: s.string(),
};

export interface SearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  /** Only with `expand[]=total_count`. */
  total_count?: number;
  url: string;
}

/** How a found object is shown (an invoice with its first lines); as stored when absent. */
export type Present = (ctx: Ctx, obj: any) => Promise<object>;

export async function runSearch(
  ctx: Ctx,
  table: SearchTable,
  p: { query: string; limit?: number; page?: string },
  present?: Present,
): Promise<SearchResult<object>> {
  let parsed;
  try {
    parsed = parseQuery(p.query);
  } catch (err) {
    if (err instanceof QueryError) throw unparsable();
    throw err;
  }
  const terms = parsed.clauses.map((c) => checkClause(table, c));
  const scope = { db: ctx.db, account: ctx.account, type: table.type };
  const limit = p.limit ?? 10;
  const after = p.page === undefined ? undefined : readPageToken(p.page);
  const seqs = await findPage(scope, parsed, terms, after, limit);
  // By seq alone (the primary key): with `account` in the WHERE, SQLite would walk the account's index instead.
  // The seqs came from this account's index rows; the check below only guards that.
  const rows =
    seqs.length === 0
      ? []
      : (await ctx.db.selectFrom('objects').select(['seq', 'account', 'data']).where('seq', 'in', seqs).execute())
          .filter((r) => r.account === ctx.account)
          .sort((a, b) => b.seq - a.seq);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  const found = page.map((r) => JSON.parse(r.data) as StoredObject);
  // Keys in the order Stripe sends them.
  const result: SearchResult<object> = {
    object: 'search_result',
    url: `/v1/${table.resource}/search`,
    has_more: hasMore,
    data: present ? await Promise.all(found.map((o) => present(ctx, o))) : found,
    next_page: hasMore ? pageToken(Number(page[page.length - 1].seq)) : null,
  };
  if (ctx.expand?.includes('total_count')) {
    result.total_count = await countAll(scope, parsed, terms);
  }
  return result;
}

/** Registers GET /v1/<resource>/search; static, so it wins over `/v1/<resource>/:id`. */
export function searchRoute(app: FastifyInstance, deps: RouteDeps, table: SearchTable, present?: Present): void {
  addRoute(app, deps, {
    method: 'GET',
    url: `/v1/${table.resource}/search`,
    handler: (ctx, params) => runSearch(ctx, table, validate(searchParams, params), present),
  });
}
