// Starts and stops the background checkpoint thread for a SQLite file.
//
// The thread rests while nothing is written: once it has seen the WAL fully copied and no write
// committed for `restAfterMs` (SQLite's data_version, on its own connection), it checkpoints a
// last time and exits, and the next commit that writes starts a new one (`wrote`, after each
// group commit while it rests). An idle server then holds no second isolate and connection
// (~5 MiB resident, measured). Read-only transactions (the webhook deliverer's polls) keep no thread.
import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  /**
   * Checkpoints on the thread now, off the event loop; true when every frame was copied (then
   * the next write starts the WAL over). False if the thread could not (busy, or it failed).
   */
  checkpointNow(): Promise<boolean>;
  /** The thread works, or can be started again (checkpointNow can answer). */
  readonly alive: boolean;
  /** A transaction committed: if the thread rests and the commit wrote something (`wrote`), it starts again. */
  committed(): void;
  /** Whether a thread runs now (not resting). */
  readonly running: boolean;
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  /** Milliseconds between the thread's checkpoints. */
  intervalMs?: number;
  /** No write for this long, with the WAL fully copied: the thread exits until the next write. */
  restAfterMs?: number;
  /**
   * Asked after a commit while the thread rests, and once as it goes to rest (the answer then is
   * a baseline): whether anything was written since the last time it was asked.
   */
  wrote?: () => boolean;
}

const REST_AFTER_MS = 5000;

/**
 * `onFailure` runs if the thread cannot work (then the caller must checkpoint
 * itself, or the WAL would grow without end).
 */
export function startCheckpointer(file: string, onFailure: (err: Error) => void, options: CheckpointerOptions = {}): Checkpointer {
  const { intervalMs = 1000, restAfterMs = REST_AFTER_MS, wrote = () => true } = options;
  let failed = false;
  let closed = false;
  /** The working thread; null while resting. */
  let worker: Worker | null = null;
  /** Threads checkpointing a last time before they exit: a stop waits for them (their connections hold the file). */
  const resting = new Set<Promise<void>>();
  // One checkpoint asked at a time (the WAL bound waits for its answer before asking again).
  let asked: ((done: boolean) => void) | null = null;
  const answer = (done: boolean): void => {
    const a = asked;
    asked = null;
    a?.(done);
  };

  const spawn = (): Worker => {
    const w = newWorker(file, intervalMs, restAfterMs);
    w.on('error', (err) => {
      if (failed) return;
      failed = true;
      answer(false);
      onFailure(err);
    });
    w.unref();
    w.on('message', (msg: unknown) => {
      if (w !== worker || typeof msg !== 'object' || msg === null) return;
      if ('checkpointed' in msg) answer((msg as { checkpointed: boolean }).checkpointed);
      else if ('idle' in msg && !asked && !closed) rest(w);
    });
    w.on('exit', () => {
      if (w !== worker) return;
      worker = null;
      answer(false);
    });
    return w;
  };
  const rest = (w: Worker): void => {
    worker = null;
    // From here on, a write since this baseline starts a new thread; the last checkpoint copies any before it.
    wrote();
    resting.add(finish(w));
  };
  const finish = (w: Worker): Promise<void> => {
    const done = new Promise<void>((resolve) => {
      w.on('message', (msg) => {
        if (msg === 'stopped') void w.terminate().then(() => resolve());
      });
      w.once('exit', () => resolve());
      w.postMessage('stop');
    });
    void done.then(() => resting.delete(done));
    return done;
  };
  const running = (): Worker | null => {
    if (worker || failed || closed) return worker;
    try {
      worker = spawn();
    } catch (err) {
      // Called after a commit, inside the group commit: a thread that cannot start is a failure like any other.
      failed = true;
      onFailure(err as Error);
    }
    return worker;
  };
  running();

  return {
    get alive() {
      return !failed;
    },
    get running() {
      return worker !== null;
    },
    committed: () => {
      if (!worker && !failed && !closed && wrote()) running();
    },
    checkpointNow: () =>
      new Promise<boolean>((resolve) => {
        // Posted before a new thread is online, the message waits for it.
        const w = asked ? null : running();
        if (!w) return resolve(false);
        asked = resolve;
        w.postMessage('checkpoint');
      }),
    stop: async () => {
      closed = true;
      const w = worker;
      worker = null;
      // Unreferenced while they run (they must not keep a process alive), but a stop is waited for:
      // with nothing else pending (`invoicekit seed`), the process would end before the last checkpoint.
      if (w && !failed) {
        w.ref();
        resting.add(finish(w));
      }
      answer(false);
      await Promise.all([...resting]);
    },
  };
}

function newWorker(file: string, intervalMs: number, restAfterMs: number): Worker {
  // JavaScript (checkpoint-worker.mjs), the same file from the sources and from dist/: it needs no
  // TypeScript loader, so none of the process's node options either (`--import tsx` would load tsx
  // into every thread: ~0.15 s of CPU each). V8's flags are the process's whatever this says
  // (`node --max-semi-space-size=4 dist/main.js`).
  return new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    execArgv: [],
    workerData: { file, intervalMs, restAfterMs },
    // It runs one pragma a second: a small heap is plenty, and every MiB here is resident while it runs.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 },
  });
}
