// One load run with autocannon, boiled down to the figures the report shows.
import autocannon from 'autocannon';

export interface LoadSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Replace `[<id>]` in the body and headers with a fresh id per request (e.g. Idempotency-Key). */
  idReplacement?: boolean;
}

export interface LoadResult {
  requestsPerSecond: number;
  /** Latencies in ms; autocannon records whole milliseconds, so p50/p99 of fast servers read 0 or 1. */
  latencyMean: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

export async function runLoad(base: string, spec: LoadSpec, seconds: number, connections: number): Promise<LoadResult> {
  const headers = { ...spec.headers };
  if (spec.body !== undefined) headers['content-type'] ??= 'application/x-www-form-urlencoded';
  const r = await autocannon({
    url: base + spec.path,
    method: spec.method,
    headers,
    body: spec.body,
    connections,
    duration: seconds,
    idReplacement: spec.idReplacement ?? false,
  });
  return {
    requestsPerSecond: r.requests.average,
    latencyMean: r.latency.mean,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}
