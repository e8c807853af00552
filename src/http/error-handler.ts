// The only place an error becomes `{ "error": { ... } }`.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errors, StripeError } from './errors.ts';

export function toStripeError(err: unknown): StripeError {
  if (err instanceof StripeError) return err;
  const fe = err as Partial<FastifyError>;
  if (fe && typeof fe.code === 'string' && fe.code.startsWith('FST_')) {
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return errors.bodyTooLarge(1024 * 1024);
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return errors.unsupportedContentType('');
    const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 400;
    return new StripeError({ status, message: `Invalid request: ${fe.message ?? 'malformed request'}` });
  }
  // Malformed bytes that slipped past the framework still are the client's fault.
  if (err instanceof URIError) return errors.malformedBody('the request could not be decoded.');
  return errors.internal();
}

export function sendError(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const se = toStripeError(err);
  if (se.status >= 500) request.log.error({ err }, 'unexpected error');
  if (se.headers) reply.headers(se.headers);
  return reply.code(se.status).type('application/json').send(se.toBody());
}
