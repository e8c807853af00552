// Signing in to the dashboard: a secret key, checked exactly as the API checks it, kept in an
// HttpOnly, SameSite=Strict cookie limited to /dashboard. Every request authenticates that key
// again (so --api-keys still decides) and sees only its own account, as the API would.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate } from '../http/auth.ts';

export const COOKIE = 'invoicekit_dashboard';
const PATH = '/dashboard';

export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The account of the signed-in key, or null (no cookie, or a key the API would refuse). */
export function sessionAccount(request: FastifyRequest, allowed: ReadonlySet<string> | null): string | null {
  const key = cookieValue(request.headers.cookie, COOKIE);
  if (!key) return null;
  try {
    return authenticate(`Bearer ${key}`, allowed);
  } catch {
    return null;
  }
}

/** Whether a key may sign in: the API's own check. Returns the refusal's message otherwise. */
export function checkKey(key: string, allowed: ReadonlySet<string> | null): string | null {
  try {
    authenticate(`Bearer ${key}`, allowed);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : 'Invalid API key.';
  }
}

function secure(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return request.protocol === 'https' || (publicUrl?.startsWith('https://') ?? false);
}

export function setSession(request: FastifyRequest, reply: FastifyReply, key: string, publicUrl: string | undefined): void {
  const flags = `Path=${PATH}; HttpOnly; SameSite=Strict${secure(request, publicUrl) ? '; Secure' : ''}`;
  reply.header('set-cookie', `${COOKIE}=${encodeURIComponent(key)}; ${flags}`);
}

export function clearSession(reply: FastifyReply): void {
  reply.header('set-cookie', `${COOKIE}=; Path=${PATH}; HttpOnly; SameSite=Strict; Max-Age=0`);
}

/**
 * Cross-site form posts are refused twice over: the cookie is SameSite=Strict, and a POST whose
 * Origin names another host is turned away.
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
