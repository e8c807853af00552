// Statements PostgreSQL keeps prepared on each connection. A compiled query (compiled.ts) sends the
// same SQL text on every run; named, it is parsed and planned once per connection instead of once
// per run (pg-connection.ts). Only compiled queries are named: their texts are a fixed set, while
// queries built per call could fill every connection with statements used once.

export interface PreparedStatement {
  name: string;
  /**
   * A plain insert (no `returning`, no `on conflict`) or a transaction lock: inside a transaction its
   * answer is not waited for before the next statement (pg-connection.ts). It either did its work
   * (inserted its rows, took the lock) or failed, and a failure aborts the transaction, so nothing
   * else can depend on what it returns.
   */
  deferrable: boolean;
}

const statements = new WeakMap<object, PreparedStatement>();
let next = 0;

/** Names the statement of a compiled query's operation node (made once per query, dialect and shape). */
export function prepareStatement(node: object, sql: string): void {
  if (statements.has(node)) return;
  const plainInsert = /^\s*insert\s/i.test(sql) && !/\breturning\b|\bon\s+conflict\b/i.test(sql);
  const deferrable = plainInsert || /^\s*select pg_advisory_xact_lock\(/i.test(sql);
  statements.set(node, { name: `invoicekit_${++next}`, deferrable });
}

/** The prepared statement of a query's operation node, if it is a compiled query's. */
export function preparedStatement(node: object): PreparedStatement | undefined {
  return statements.get(node);
}
