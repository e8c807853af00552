// One webhook POST: node:http(s) over keep-alive agents, with a deadline for the whole
// exchange (headers and body). Never throws: the outcome is a status or an error text.
import http from 'node:http';
import https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

export interface SendOutcome {
  /** The HTTP status, or null when none came back in time. */
  status: number | null;
  error: string | null;
}

export function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<SendOutcome> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: null, error: 'invalid URL' });
      return;
    }
    const proto = target.protocol === 'https:' ? https : http;
    const agent = agents[target.protocol as 'http:' | 'https:'];
    let done = false;
    const finish = (outcome: SendOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const req = proto.request(target, {
      method: 'POST',
      agent,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    const timer = setTimeout(() => {
      finish({ status: null, error: `timed out after ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    const onAbort = () => {
      finish({ status: null, error: 'aborted' });
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort);
    req.on('response', (res) => {
      res.on('error', () => undefined);
      res.resume();
      res.on('end', () => finish({ status: res.statusCode ?? null, error: null }));
      res.on('close', () => finish({ status: res.statusCode ?? null, error: null }));
    });
    req.on('error', (err) => finish({ status: null, error: (err as NodeJS.ErrnoException).code ?? err.message }));
    req.end(body);
  });
}
