// Starts and stops the background checkpoint thread for a SQLite file.
import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  /**
   * Checkpoints on the thread now, off the event loop; true when every frame was copied (then
   * the next write starts the WAL over). False if the thread could not (busy, or it is gone).
   */
  checkpointNow(): Promise<boolean>;
  /** The thread is running (checkpointNow can answer). */
  readonly alive: boolean;
  stop(): Promise<void>;
}

/**
 * `onFailure` runs if the thread cannot work (then the caller must checkpoint
 * itself, or the WAL would grow without end).
 */
export function startCheckpointer(file: string, onFailure: (err: Error) => void, intervalMs = 1000): Checkpointer {
  // Built (dist/*.js) the worker is JavaScript too and inherits the process's options; passing them explicitly
  // would refuse V8 flags (`node --max-semi-space-size=4 dist/main.js` could not start). Run from the sources
  // (tests, tsx), Node 20 does not apply the main thread's `--import tsx` hooks to a worker's entry module, so a
  // small JavaScript entry registers tsx in the worker first and then imports the TypeScript worker.
  const source = import.meta.url.endsWith('.ts');
  const options = {
    workerData: { file, intervalMs },
    // It runs one pragma a second: a small heap is plenty, and every MiB here is resident for the server's life.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 8 },
  };
  const worker = source
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})` +
          `.then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./checkpoint-worker.ts', import.meta.url).href)}); })`,
        { ...options, eval: true },
      )
    : new Worker(new URL('./checkpoint-worker.js', import.meta.url), options);
  let failed = false;
  worker.on('error', (err) => {
    if (failed) return;
    failed = true;
    answer(false);
    onFailure(err);
  });
  worker.unref();
  // One checkpoint asked at a time (the WAL bound waits for its answer before asking again).
  let asked: ((done: boolean) => void) | null = null;
  const answer = (done: boolean): void => {
    const a = asked;
    asked = null;
    a?.(done);
  };
  worker.on('message', (msg: unknown) => {
    if (typeof msg === 'object' && msg !== null && 'checkpointed' in msg) answer((msg as { checkpointed: boolean }).checkpointed);
  });
  worker.on('exit', () => answer(false));
  return {
    get alive() {
      return !failed;
    },
    checkpointNow: () =>
      new Promise<boolean>((resolve) => {
        if (failed || asked) return resolve(false);
        asked = resolve;
        worker.postMessage('checkpoint');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (failed) return resolve();
        worker.on('message', (msg) => {
          if (msg === 'stopped') void worker.terminate().then(() => resolve());
        });
        worker.once('exit', () => resolve());
        // Unreferenced while it runs (it must not keep a process alive), but a stop is waited for:
        // with nothing else pending (`invoicekit seed`), the process would end before the last checkpoint.
        worker.ref();
        worker.postMessage('stop');
      }),
  };
}
