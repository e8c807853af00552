// The server's log: one line per request and per webhook delivery attempt (info), the
// framework's own warnings and errors, human-readable by default or pino JSON lines.
// Lines go to stdout through one asynchronous buffered writer (sonic-boom, pino's own):
// while a write is under way the next lines queue and leave together, so a busy server
// makes one write call per batch, not one per request.
import pino from 'pino';
import {
  deliveryFields,
  humanDelivery,
  humanFromJson,
  humanRequest,
  requestFields,
  type DeliveryLine,
  type LogFormat,
  type LogLevel,
  type RequestLine,
} from './format.ts';

/** Where lines go: anything with write(string) (a stream, or a test's collector). */
export interface LogSink {
  write(chunk: string): unknown;
}

export interface LogOptions {
  format?: LogFormat;
  level?: LogLevel;
  /** Default: stdout. */
  destination?: LogSink;
}

export interface Log {
  /** Fastify's logger: only its warnings and errors are kept (never one per request). */
  readonly framework: pino.Logger;
  /** True when request lines are written (level info or lower): the hook skips all work otherwise. */
  readonly requests: boolean;
  request(r: RequestLine): void;
  delivery(d: DeliveryLine): void;
  /** A start-up line, printed whatever the level, in the log's format. */
  notice(msg: string, fields?: Record<string, unknown>): string;
  /** Writes out what is buffered (at exit). */
  flush(): void;
}

const LEVEL_VALUE: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

export function createLog(options: LogOptions = {}): Log {
  const format = options.format ?? 'human';
  const level = options.level ?? 'info';
  const boom = options.destination ? null : pino.destination({ dest: 1, sync: false, minLength: 0 });
  const sink: LogSink = options.destination ?? boom!;
  const threshold = LEVEL_VALUE[level];
  const frameworkLevel = threshold > LEVEL_VALUE.warn ? level : 'warn';
  const pinoOptions = { base: null, timestamp: pino.stdTimeFunctions.isoTime };
  const frameworkSink: LogSink = format === 'json' ? sink : { write: (line: string) => sink.write(humanFromJson(line)) };
  const framework = pino({ ...pinoOptions, level: frameworkLevel }, frameworkSink as pino.DestinationStream);
  const json = format === 'json' ? pino({ ...pinoOptions, level }, sink as pino.DestinationStream) : null;

  return {
    framework,
    requests: threshold <= LEVEL_VALUE.info,
    request(r) {
      if (threshold > LEVEL_VALUE.info) return;
      if (json) json.info(requestFields(r));
      else sink.write(humanRequest(r, Date.now()));
    },
    delivery(d) {
      // A failed attempt is a warning: `--log-level warn` still shows a failing endpoint.
      const failed = d.status === null || d.status < 200 || d.status >= 300;
      if (threshold > (failed ? LEVEL_VALUE.warn : LEVEL_VALUE.info)) return;
      if (json) json[failed ? 'warn' : 'info'](deliveryFields(d));
      else sink.write(humanDelivery(d, Date.now()));
    },
    notice(msg, fields = {}) {
      return format === 'json' ? JSON.stringify({ level: 30, time: new Date().toISOString(), msg, ...fields }) : msg;
    },
    flush() {
      try {
        boom?.flushSync();
      } catch {
        // Nothing buffered, or stdout already gone.
      }
    },
  };
}

/** No lines at all (buildApp without a log). */
export const silentLog: Log = createLog({ level: 'silent', destination: { write: () => true } });
