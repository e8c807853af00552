// `page` / `next_page`: an opaque token holding where the previous page ended
// (the last object's seq: results come newest first).
import { errors } from '../http/errors.ts';

const PREFIX = 'page_';

export function pageToken(seq: number): string {
  return PREFIX + Buffer.from(`seq:${seq}`).toString('base64url');
}

export function readPageToken(token: string): number {
  const seq = token.startsWith(PREFIX) ? /^seq:([0-9]{1,16})$/.exec(Buffer.from(token.slice(PREFIX.length), 'base64url').toString()) : null;
  if (!seq) throw errors.invalidRequest(`Invalid page: ${token}`, 'page');
  return Number(seq[1]);
}
