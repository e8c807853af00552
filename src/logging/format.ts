// Pure formatting of log lines, human and JSON fields, like `stripe listen` prints them.
// Kept cheap: these run once per request.

export type LogFormat = 'human' | 'json';
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(v: string): v is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(v);
}

export interface RequestLine {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  requestId: string;
  idempotencyKey: string | null;
}

export interface DeliveryLine {
  eventType: string;
  eventId: string;
  /** A webhook endpoint id, or `forward` for --forward-to. */
  endpoint: string;
  url: string;
  /** HTTP status, or null when none came back (refused, timed out). */
  status: number | null;
  error: string | null;
  durationMs: number;
  attempt: number;
  /** Unix ms of the next attempt; null when delivered or out of retries. */
  nextRetryAt: number | null;
}

let cachedSecond = -1;
let cachedPrefix = '';

/** `2026-12-04 14:55:01.123`: the date part is formatted once per second. */
export function timestamp(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19).replace('T', ' ');
  }
  return `${cachedPrefix}.${String(ms % 1000).padStart(3, '0')}`;
}

const duration = (ms: number): string => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)}ms`;

export function humanRequest(r: RequestLine, nowMs: number): string {
  const key = r.idempotencyKey === null ? '' : ` idempotency_key=${r.idempotencyKey}`;
  return `${timestamp(nowMs)}  ${r.status} ${r.method} ${r.path} ${duration(r.durationMs)} [${r.requestId}]${key}\n`;
}

export function humanDelivery(d: DeliveryLine, nowMs: number): string {
  const answer = d.status === null ? `no response (${d.error ?? 'error'})` : String(d.status);
  const retry = d.nextRetryAt === null ? '' : `, next retry ${timestamp(d.nextRetryAt)}`;
  return `${timestamp(nowMs)}  --> ${d.eventType} [${d.eventId}] ${d.endpoint} ${d.url} <-- ${answer} ${duration(d.durationMs)} (attempt ${d.attempt}${retry})\n`;
}

export function requestFields(r: RequestLine): Record<string, unknown> {
  const out: Record<string, unknown> = {
    msg: 'request',
    method: r.method,
    path: r.path,
    status: r.status,
    duration_ms: Math.round(r.durationMs * 100) / 100,
    request_id: r.requestId,
  };
  if (r.idempotencyKey !== null) out.idempotency_key = r.idempotencyKey;
  return out;
}

export function deliveryFields(d: DeliveryLine): Record<string, unknown> {
  return {
    msg: 'webhook delivery',
    event_type: d.eventType,
    event_id: d.eventId,
    endpoint: d.endpoint,
    url: d.url,
    status: d.status,
    ...(d.error !== null && d.status === null ? { error: d.error } : {}),
    duration_ms: Math.round(d.durationMs * 100) / 100,
    attempt: d.attempt,
    next_retry_at: d.nextRetryAt === null ? null : new Date(d.nextRetryAt).toISOString(),
  };
}

/** A pino JSON line (a warning or error of the framework) as one human line. */
export function humanFromJson(line: string): string {
  try {
    const o = JSON.parse(line) as { time?: number; level?: number; msg?: string; err?: { stack?: string; message?: string } };
    const level = o.level === undefined ? '' : ({ 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' } as Record<number, string>)[o.level] ?? '';
    const err = o.err ? `\n${o.err.stack ?? o.err.message ?? ''}` : '';
    return `${timestamp(o.time ?? Date.now())}  ${level} ${o.msg ?? ''}${err}\n`;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
}
