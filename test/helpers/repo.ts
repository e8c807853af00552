// Where the checkout is, and how to run its server as a process, wherever this file runs from:
// the sources (`node --import tsx`, one test file by hand) or the compiled copy `npm test` runs
// (.test-build/, tsconfig.test.json), whose files sit one folder deeper and hold no fixtures.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder above this file that holds package.json: the checkout. */
function findRepo(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

export const REPO = findRepo();

/** A file of the checkout (fixtures, docs), by its path from the checkout's root. */
export const repoFile = (path: string): string => join(REPO, path);

const compiled = !import.meta.url.endsWith('.ts');

/** The server's entry: the compiled copy beside this file's when compiled, else the sources through tsx. */
export const MAIN = compiled ? fileURLToPath(new URL('../../src/main.js', import.meta.url)) : join(REPO, 'src/main.ts');

/** `node` arguments that run the server with `args`. */
export const serverArgs = (args: string[]): string[] => (compiled ? [MAIN, ...args] : ['--import', 'tsx', MAIN, ...args]);
