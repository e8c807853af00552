// The only place an error becomes `{ "error": { ... } }`.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errors, StripeError } from './errors.ts';
import { CommitFailed, databaseFailure, describe, PoolWaitTimeout } from '../store/failures.ts';
import { databaseLog } from '../store/failure-log.ts';
import { drainBody } from './drain.ts';

export function toStripeError(err: unknown, bodyLimit = 1024 * 1024): StripeError {
  if (err instanceof StripeError) return err;
  if (err instanceof PoolWaitTimeout) return errors.databaseBusy(err.waitedMs, err.poolSize);
  const failure = databaseFailure(err);
  if (failure === 'unavailable') return errors.databaseUnavailable();
  if (failure === 'failed') return errors.databaseFailed();
  const fe = err as Partial<FastifyError>;
  if (fe && typeof fe.code === 'string' && fe.code.startsWith('FST_')) {
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errors.bodyTooLarge(bodyLimit);
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return errors.unsupportedContentType('');
    const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 400;
    return new StripeError({ status, message: `Invalid request: ${fe.message ?? 'malformed request'}` });
  }
  // Malformed bytes that slipped past the framework still are the client's fault.
  if (err instanceof URIError) return errors.malformedBody('the request could not be decoded.');
  return errors.internal();
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: unknown, bodyLimit?: number): FastifyReply {
  const se = toStripeError(err, bodyLimit);
  // The database's failures are logged once per outage (a group commit's by the store itself), not per request.
  if (databaseFailure(err)) {
    if (!(err instanceof CommitFailed)) databaseLog.failed(describe(err));
  } else if (se.status >= 500) request.log.error({ err }, 'unexpected error');
  if (se.headers) reply.headers(se.headers);
  return reply.code(se.status).type('application/json').send(se.toBody());
}

/**
 * The app's error handler. A body over the limit is read to its end (bounded) before the 413 goes
 * out, so that the client, done sending, reads it (see drain.ts); the connection then stays open.
 */
export async function handleError(request: FastifyRequest, reply: FastifyReply, err: unknown, bodyLimit: number): Promise<FastifyReply> {
  if ((err as Partial<FastifyError> | null)?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && !request.raw.complete) {
    if (await drainBody(request.raw)) reply.removeHeader('connection');
  }
  return sendError(request, reply, err, bodyLimit);
}
