// Forms on pages whose URL is the capability (the hosted invoice page's pay form, the 3D
// Secure test page) take POSTs only from themselves: the link token in the URL is what a
// forger would lack, and a browser's Origin / Sec-Fetch-Site headers show a cross-site post
// (a page elsewhere that somehow holds the link). Clients without those headers (curl, old
// browsers) are let through: they hold the link, which is the capability.
import type { FastifyRequest } from 'fastify';

export function sameOriginPost(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  // Our pages send `Referrer-Policy: no-referrer`, under which browsers post `Origin: null`;
  // browsers that do that also send Sec-Fetch-Site (above). Without it, "null" is not trusted.
  if (origin === 'null') return false;
  const host = request.headers['x-forwarded-host'] ?? request.headers.host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
