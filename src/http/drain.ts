// A request rejected before its body was read (413 over the body limit): the client is usually
// still sending. Answering and closing the connection then makes the kernel reset it (unread
// bytes), and the client sees ECONNRESET or EPIPE instead of the answer. So the rest of the body
// is read and thrown away first, and the answer goes out once the client has sent everything; a
// body beyond what is worth reading (bytes or time) is answered at that point, and the connection closed.
import type { IncomingMessage } from 'node:http';

export interface DrainLimits {
  /** Bytes read and thrown away before answering anyway. */
  bytes: number;
  /** Milliseconds the rest of the body may take before answering anyway. */
  ms: number;
}

export const DRAIN_LIMITS: DrainLimits = { bytes: 256 * 1024 * 1024, ms: 30_000 };

/** Resolves true once the request's body has been read to its end, false when a limit ran out first. */
export function drainBody(raw: IncomingMessage, limits: DrainLimits = DRAIN_LIMITS): Promise<boolean> {
  if (raw.complete || raw.destroyed) return Promise.resolve(raw.complete);
  return new Promise<boolean>((resolve) => {
    let seen = 0;
    const finish = (whole: boolean) => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('close', onClose);
      resolve(whole);
    };
    const timer = setTimeout(() => finish(false), limits.ms);
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limits.bytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(raw.complete);
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('close', onClose);
    raw.resume();
  });
}
