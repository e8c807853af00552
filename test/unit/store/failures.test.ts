import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommitFailed, databaseFailure, describe as describeError } from '../../../src/store/failures.ts';
import { failureLog } from '../../../src/store/failure-log.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

test('database failures are told from other errors', () => {
  assert.equal(databaseFailure(withCode('57P01', 'terminating connection due to administrator command')), 'unavailable');
  assert.equal(databaseFailure(withCode('ECONNREFUSED')), 'unavailable');
  assert.equal(databaseFailure(withCode('08006')), 'unavailable');
  assert.equal(databaseFailure(new Error('Connection terminated unexpectedly')), 'unavailable');
  assert.equal(databaseFailure(new Error('timeout exceeded when trying to connect')), 'unavailable');
  assert.equal(databaseFailure(withCode('SQLITE_FULL')), 'failed');
  assert.equal(databaseFailure(withCode('SQLITE_IOERR_WRITE')), 'failed');
  assert.equal(databaseFailure(withCode('SQLITE_READONLY')), 'failed');
  assert.equal(databaseFailure(new CommitFailed(withCode('SQLITE_FULL'))), 'failed');
  // Races and bugs are not the world around us.
  assert.equal(databaseFailure(withCode('23505')), null);
  assert.equal(databaseFailure(withCode('SQLITE_CONSTRAINT_UNIQUE')), null);
  assert.equal(databaseFailure(withCode('SQLITE_BUSY')), null);
  assert.equal(databaseFailure(new TypeError('x is undefined')), null);
  assert.equal(databaseFailure(undefined), null);
});

test('a cause is described with its code once', () => {
  assert.equal(describeError(withCode('SQLITE_FULL', 'database or disk is full')), 'SQLITE_FULL: database or disk is full');
  assert.equal(describeError(new CommitFailed(withCode('SQLITE_FULL', 'database or disk is full'))), 'commit failed: SQLITE_FULL: database or disk is full');
});

test('an outage is logged once, repeats are counted, recovery is logged', () => {
  const lines: string[] = [];
  const log = failureLog((l) => lines.push(l), 60_000);
  log.recovered();
  assert.deepEqual(lines, [], 'nothing to recover from');
  for (let i = 0; i < 50; i++) log.failed('SQLITE_FULL: database or disk is full');
  assert.deepEqual(lines, ['database failure: SQLITE_FULL: database or disk is full']);
  assert.equal(log.failing, true);
  log.failed('ECONNREFUSED', 'PostgreSQL: ECONNREFUSED');
  assert.equal(lines.length, 3, 'a new cause is logged, after the count of the last');
  assert.match(lines[1], /49 more/);
  log.recovered();
  assert.match(lines[3], /^database works again/);
  assert.equal(log.failing, false);
});
