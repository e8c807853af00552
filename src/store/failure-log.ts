// One log line per database outage, not one per request that meets it: the first failure
// is logged with its cause at once, later ones are counted and summed up at most every
// `everyMs`, and the first success after them says that the database is back.

export interface FailureLog {
  /** A request, commit or background job failed because of the database; repeats of one cause are counted, not logged. */
  failed(cause: string, line?: string): void;
  /** Something worked again: ends the outage (logged only if one was under way). */
  recovered(): void;
  readonly failing: boolean;
}

export function failureLog(write: (line: string) => void = (l) => console.error(l), everyMs = 10_000): FailureLog {
  let failing = false;
  let since = 0;
  let lastLine = 0;
  let unlogged = 0;
  let lastCause = '';
  return {
    failed(cause, line = cause) {
      const now = Date.now();
      if (!failing || cause !== lastCause) {
        if (!failing) since = now;
        failing = true;
        lastCause = cause;
        lastLine = now;
        if (unlogged > 0) write(`database: ${unlogged} more failure(s) like the last`);
        unlogged = 0;
        write(`database failure: ${line}`);
        return;
      }
      unlogged++;
      if (now - lastLine >= everyMs) {
        write(`database still failing (${unlogged} more failure(s) in ${Math.round((now - lastLine) / 1000)} s): ${cause}`);
        lastLine = now;
        unlogged = 0;
      }
    },
    recovered() {
      if (!failing) return;
      failing = false;
      write(`database works again after ${((Date.now() - since) / 1000).toFixed(1)} s${unlogged > 0 ? ` (${unlogged} more failure(s) since the last line)` : ''}`);
      unlogged = 0;
      lastCause = '';
    },
    get failing() {
      return failing;
    },
  };
}

/** The process's log of database failures (requests, group commits, background jobs). */
export const databaseLog = failureLog();
