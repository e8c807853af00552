// The base of the links customers follow: --public-url when set (a proxy, a tunnel, a
// container's published port), otherwise the address the server actually listens on
// (with port 0 that is only known once it listens).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export function listenBase(server: Server, host: string): string | undefined {
  const address = server.address() as AddressInfo | string | null;
  if (address === null || typeof address === 'string') return undefined;
  // An all-interfaces bind has no one address to give out: loopback, the one that surely answers.
  const wildcard = host === '0.0.0.0' || host === '::' || host === '';
  const name = wildcard ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${address.port}`;
}

export function publicBase(publicUrl: string | null, server: Server, host: string): string | undefined {
  return publicUrl ?? listenBase(server, host);
}
