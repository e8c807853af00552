// Counts the statements sent to the database, by SQL text, when the process runs with
// INVOICEKIT_COUNT_STATEMENTS=1 (`npm run profile` reads them: statements per request), and on
// SQLite the time each spends in SQLite. Off, it costs one boolean test per statement.

export interface StatementCounts {
  total: number;
  /** Times a PostgreSQL connection waited for an answer: its round trips (statements sent together share one). */
  waits: number;
  /** SQL text -> how many times it ran. */
  bySql: Map<string, number>;
  /** SQLite: SQL text -> microseconds its calls into SQLite took in all (on PostgreSQL the time is the server's). */
  microsBySql: Map<string, number>;
}

const enabled = process.env.INVOICEKIT_COUNT_STATEMENTS === '1';
let counts: StatementCounts = { total: 0, waits: 0, bySql: new Map(), microsBySql: new Map() };

/** Called by the store's connections (both engines) for every statement they send. */
export function countStatement(sql: string): void {
  if (!enabled) return;
  counts.total++;
  counts.bySql.set(sql, (counts.bySql.get(sql) ?? 0) + 1);
}

/** Called by the SQLite connection with how long a statement's call into SQLite took. */
export function timeStatement(sql: string, micros: number): void {
  if (enabled) counts.microsBySql.set(sql, (counts.microsBySql.get(sql) ?? 0) + micros);
}

/** Called by a PostgreSQL connection each time it waits for the database's answer (pg-connection.ts). */
export function countWait(): void {
  if (enabled) counts.waits++;
}

/** The counts since the last call (or since start), and a fresh count from now. */
export function takeStatementCounts(): StatementCounts {
  const taken = counts;
  counts = { total: 0, waits: 0, bySql: new Map(), microsBySql: new Map() };
  return taken;
}

export function countingStatements(): boolean {
  return enabled;
}
