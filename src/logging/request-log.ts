// One log line per answered request, written when the response is finished.
import type { FastifyInstance } from 'fastify';
import type { Log } from './logger.ts';

export function addRequestLog(app: FastifyInstance, log: Log): void {
  app.addHook('onResponse', (request, reply, done) => {
    const url = request.raw.url ?? '/';
    const q = url.indexOf('?');
    const key = request.headers['idempotency-key'];
    log.request({
      method: request.method,
      path: q < 0 ? url : url.slice(0, q),
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      requestId: request.id,
      idempotencyKey: typeof key === 'string' && key !== '' ? key : null,
    });
    done();
  });
}
