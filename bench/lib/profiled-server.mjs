// The compiled server (dist/, as `npm start` runs it) in a process the profiler drives over
// IPC: `{cmd: 'start'}` starts a CPU profile, `{cmd: 'stop'}` ends it and answers with the
// profile, `{cmd: 'statements'}` answers the statements run since the last ask (counted when
// INVOICEKIT_COUNT_STATEMENTS=1; on SQLite with the time each took in SQLite), `{cmd: 'cpu'}` the process's CPU time so far,
// `{cmd: 'memory'}` answers process.memoryUsage(), `{cmd: 'wal'}` the WAL bound's holds since the
// last ask (ms each) and the bytes the main thread has written to storage so far (Linux: its WAL
// frames; the checkpoint thread's copies are its own).
// Plain JavaScript so that nothing but dist/ runs in the measured process (no tsx loader).
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../../dist/config.js';
import { createLog } from '../../dist/logging/logger.js';
import { runServer } from '../../dist/server.js';
import { readFileSync } from 'node:fs';
import { takeStatementCounts } from '../../dist/store/statement-count.js';
import { takeWalHolds } from '../../dist/store/wal-bound.js';

function mainThreadWriteBytes() {
  try {
    return Number(/write_bytes: (\d+)/.exec(readFileSync(`/proc/${process.pid}/task/${process.pid}/io`, 'utf8'))[1]);
  } catch {
    return null;
  }
}

const config = loadConfig(process.argv.slice(2), process.env);
if ('error' in config || 'help' in config) throw new Error(config.error ?? 'bad flags');
const server = await runServer(config, createLog({ format: config.logFormat, level: config.logLevel }));
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });

process.on('message', async (m) => {
  try {
    if (m.cmd === 'start') {
      await session.post('Profiler.start');
      process.send({ ok: true });
    } else if (m.cmd === 'stop') {
      const { profile } = await session.post('Profiler.stop');
      process.send({ profile });
    } else if (m.cmd === 'statements') {
      const { total, waits, bySql, microsBySql } = takeStatementCounts();
      process.send({ total, waits, bySql: [...bySql], microsBySql: [...microsBySql] });
    } else if (m.cmd === 'cpu') {
      // User + system CPU microseconds of the whole process (every thread) so far.
      const { user, system } = process.cpuUsage();
      process.send({ micros: user + system });
    } else if (m.cmd === 'wal') {
      process.send({ holds: takeWalHolds(), writeBytes: mainThreadWriteBytes() });
    } else if (m.cmd === 'memory') {
      process.send(process.memoryUsage());
    } else if (m.cmd === 'exit') {
      await server.close();
      process.exit(0);
    }
  } catch (err) {
    process.send({ error: String(err?.stack ?? err) });
  }
});
process.send({ url: server.url });
