// Requests that never reach a route: bytes that are not HTTP, URLs that do
// not decode, ids longer than any id. They still get a Stripe-shaped error.
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errors, StripeError } from './errors.ts';
import { newRequestId } from '../store/ids.ts';

/** For HTTP the parser rejected: written straight to the socket. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const se =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new StripeError({ status: 431, message: 'Invalid request: the request headers are too large.' })
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new StripeError({ status: 408, message: 'Invalid request: the request took too long to arrive.' })
        : errors.malformedBody('the request is not valid HTTP.');
  const body = JSON.stringify(se.toBody());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${se.status} ${se.status === 431 ? 'Request Header Fields Too Large' : se.status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nRequest-Id: ${newRequestId()}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** For URLs the router could not take: bad percent-encoding, over-long path ids. */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const se =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new StripeError({ status: 414, message: 'Invalid request: an id in the URL is longer than any object id.' })
      : errors.malformedBody('the URL could not be decoded.');
  reply.header('request-id', newRequestId()).code(se.status).type('application/json').send(se.toBody());
}
