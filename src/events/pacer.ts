// Webhooks use what the API leaves. A delivery costs the process about what an API request
// does (a socket write and read, a signature, row updates), so delivering three webhooks per
// request at full speed would cut a saturated API's throughput by half. While the API is busy
// (the event loop over half occupied while requests record events at 200/s or more), deliveries
// are paced to a floor rate that always moves on; otherwise (a test suite, a developer's
// clicks) they go at full speed. Nothing is dropped: the events wait in the outbox.
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface PacerOptions {
  /** Deliveries per second, all endpoints together, while the API is busy. */
  busyRate: number;
  /** Event loop utilization above which the API counts as busy... */
  threshold: number;
  /** ...with at least this many requests recording events in the window. */
  minWrites: number;
  windowMs: number;
  /** Events recorded since the last call (the API is writing). */
  writes: () => number;
}

export interface Pacer {
  /** May one more delivery start now? */
  take(): boolean;
  /** When to ask again after a refusal (ms). */
  retryInMs(): number;
  readonly busy: boolean;
  stop(): void;
}

/** The token bucket alone, for tests: `now` in ms. */
export class Bucket {
  #tokens: number;
  #at: number;
  constructor(
    readonly rate: number,
    readonly capacity: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }
  take(now: number): boolean {
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) * this.rate) / 1000);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
  waitMs(): number {
    return Math.max(1, Math.ceil(((1 - this.#tokens) * 1000) / this.rate));
  }
}

const CALM_WINDOWS = 5;

export function startPacer(o: PacerOptions): Pacer {
  const bucket = new Bucket(o.busyRate, Math.max(1, o.busyRate / 20), performance.now());
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  let busy = false;
  let calm = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const window = performance.eventLoopUtilization(now, last);
    last = now;
    // Busy at once; calm again only after a few calm windows in a row (a GC pause is not a lull).
    if (window.utilization > o.threshold && o.writes() >= o.minWrites) {
      busy = true;
      calm = 0;
    } else if (++calm >= CALM_WINDOWS) busy = false;
  }, o.windowMs);
  timer.unref();
  return {
    take: () => !busy || bucket.take(performance.now()),
    retryInMs: () => bucket.waitMs(),
    get busy() {
      return busy;
    },
    stop: () => clearInterval(timer),
  };
}
