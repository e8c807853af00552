// Queries compiled once and then only run with new values. Kysely builds an operation tree
// and compiles it to SQL on every call; on the hot paths that was a fifth of a request's CPU
// for the same few SQL texts. A compiled query is built once per dialect (and per shape, for
// queries whose SQL depends on which filters are present) with placeholders in place of its
// values, and each run sends that SQL with the run's values in the placeholders' places.
// The SQL text stays the same for the engines' own caches (prepared statements: sqlite-connection.ts).
// On SQLite a run goes to the connection directly, not through Kysely's executor (sqlite-connection.ts).
import { CompiledQuery, createQueryId, type Compilable, type Kysely, type QueryResult, type RootOperationNode } from 'kysely';
import type { Db } from './db.ts';
import { prepareStatement } from './prepared.ts';
import { readAhead } from './pg-connection.ts';
import { directFor, type DirectSqlite } from './sqlite-connection.ts';

/** A value the builder receives in place of an argument; the compiled parameter it becomes is found by it. */
const SLOT = '\u0000slot\u0000';

interface Plan {
  sql: string;
  /** SQLite: runs it on better-sqlite3 without Kysely's executor (sqlite-connection.ts); undefined elsewhere. */
  direct: DirectSqlite | undefined;
  /** The query's operation node, made once: Kysely's CompiledQuery.raw would build and freeze a new one per run. */
  node: RootOperationNode;
  /** For each parameter of the SQL: the argument's name, or the constant the builder put there. */
  params: ({ arg: string } | { value: unknown })[];
}

const rowsOf = <R>(result: QueryResult<R>): R[] => result.rows;

export interface CompiledStatement<A extends object, R> {
  /** Runs the statement on `db` (the shared handle or a unit of work's transaction). `shape`: see compiled(). */
  execute(db: Db, args: A, shape?: string): Promise<QueryResult<R>>;
  /** The rows, for a select. */
  rows(db: Db, args: A, shape?: string): Promise<R[]>;
  /**
   * The rows, for a select whose answer is needed later: in a PostgreSQL transaction the statements
   * after it go out without waiting for it (pg-connection.ts, readAhead). Await it, or catch it.
   */
  rowsAhead(db: Db, args: A, shape?: string): Promise<R[]>;
}

/**
 * `build` receives placeholders, not values: it must not look at them. A query whose SQL depends on
 * the values (a filter present or not, null or not) branches on `shape` instead, a string naming
 * that choice, and each shape is compiled once. The argument names used must be `args`' own keys.
 */
export function compiled<A extends object, R = Record<string, unknown>>(
  build: (db: Db, args: A, shape: string) => Compilable<R>,
): CompiledStatement<A, R> {
  // Per dialect (the adapter decides placeholders and quoting), then per shape.
  const plans = new WeakMap<object, Map<string, Plan>>();

  function planFor(db: Db, args: A, shape: string): Plan {
    const adapter = db.getExecutor().adapter;
    let byShape = plans.get(adapter);
    if (!byShape) plans.set(adapter, (byShape = new Map()));
    let plan = byShape.get(shape);
    if (!plan) {
      const slots = Object.fromEntries(Object.keys(args).map((k) => [k, `${SLOT}${k}`])) as unknown as A;
      const query = build(db, slots, shape).compile();
      plan = {
        sql: query.sql,
        direct: directFor(adapter),
        node: CompiledQuery.raw(query.sql).query,
        params: query.parameters.map((p) =>
          typeof p === 'string' && p.startsWith(SLOT) ? { arg: p.slice(SLOT.length) } : { value: p },
        ),
      };
      // PostgreSQL keeps it prepared per connection under a name (prepared.ts, pg-connection.ts).
      if (!plan.direct) prepareStatement(plan.node, plan.sql);
      byShape.set(shape, plan);
    }
    return plan;
  }

  /** SQLite: the run itself, on the connection now (or once it is free); otherwise the query for Kysely to run. */
  const start = (db: Db, args: A, shape: string): { direct: Promise<QueryResult<R>> } | { query: CompiledQuery<R> } => {
    const plan = planFor(db, args, shape);
    const values = plan.params.map((p) => ('arg' in p ? (args as Record<string, unknown>)[p.arg] : p.value));
    // Null when Kysely must run it (see DirectSqlite).
    const direct = plan.direct?.execute<R>(db as unknown as Kysely<never>, plan.sql, values);
    return direct ? { direct } : { query: { sql: plan.sql, query: plan.node, parameters: values, queryId: createQueryId() } };
  };
  const execute = (db: Db, args: A, shape = ''): Promise<QueryResult<R>> => {
    const run = start(db, args, shape);
    return 'direct' in run ? run.direct : db.executeQuery<R>(run.query);
  };
  return {
    execute,
    rows: (db, args, shape) => execute(db, args, shape).then(rowsOf),
    rowsAhead: (db, args, shape = '') => {
      const run = start(db, args, shape);
      return 'direct' in run ? run.direct.then(rowsOf) : readAhead(run.query, (q) => db.executeQuery<R>(q));
    },
  };
}
