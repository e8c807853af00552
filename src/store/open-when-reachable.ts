// Start-up against a database that is not there yet (PostgreSQL restarting, a container
// still booting): wait and try again with backoff instead of exiting, so that a process
// manager or the --workers primary never replaces processes in a tight loop.
import { openStore, type Store, type StoreOptions } from './db.ts';
import { databaseFailure, describe } from './failures.ts';

export interface WaitOptions {
  /** First wait (ms); doubled after each failure up to maxDelayMs. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  log?: (line: string) => void;
}

export async function openStoreWhenReachable(url: string, options: StoreOptions = {}, wait: WaitOptions = {}): Promise<Store> {
  const log = wait.log ?? ((l: string) => console.error(l));
  const maxDelay = wait.maxDelayMs ?? 10_000;
  let delay = wait.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      const store = await openStore(url, options);
      if (attempt > 1) log(`database reachable after ${attempt} attempts`);
      return store;
    } catch (err) {
      // Anything but "not reachable" (a bad URL, a failed migration) will not get better by waiting.
      if (databaseFailure(err) !== 'unavailable') throw err;
      if (attempt === 1 || delay >= maxDelay) log(`database unreachable (${describe(err)}); trying again in ${delay / 1000} s`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
