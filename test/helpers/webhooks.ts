// A real webhook receiver for the tests: node:http on 127.0.0.1:0 that checks every
// delivery with the official SDK's stripe.webhooks.constructEvent, the way a user's
// handler would, and answers as each test tells it to.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

const sdk = new Stripe('sk_test_verify_only');

export interface Delivery {
  headers: IncomingHttpHeaders;
  raw: string;
  /** The event constructEvent returned (null when verification failed, see `problems`). */
  event: Stripe.Event | null;
  /** The status this delivery was answered with. */
  status: number;
}

/** How to answer the n-th request (0-based): a status, optionally after a delay or once `until` settles. */
export type Responder = (n: number, delivery: Delivery) => number | { status: number; delayMs?: number; until?: Promise<void> };

export interface Receiver {
  url: string;
  /** Set it once the endpoint exists (its secret comes back from create). */
  secret: string | null;
  deliveries: Delivery[];
  /** Verification failures: must stay empty. */
  problems: string[];
  respond: Responder;
  /** Deliveries answered 2xx, as events. */
  events(): Stripe.Event[];
  /** Waits until `predicate` holds over the deliveries (polls), failing after `timeoutMs`. */
  waitFor(predicate: (r: Receiver) => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(secret: string | null = null, respond: Responder = () => 200): Promise<Receiver> {
  let count = 0;
  const receiver: Receiver = {
    url: '',
    secret,
    deliveries: [],
    problems: [],
    respond,
    events: () => receiver.deliveries.filter((d) => d.status >= 200 && d.status < 300 && d.event).map((d) => d.event!),
    async waitFor(predicate, timeoutMs = 5000, what = 'deliveries') {
      const end = Date.now() + timeoutMs;
      while (!predicate(receiver)) {
        if (Date.now() > end)
          throw new Error(`timed out waiting for ${what}; got ${receiver.deliveries.length}: ${receiver.deliveries.map((d) => `${d.event?.type}:${d.status}`).join(', ')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const delivery: Delivery = { headers: req.headers, raw, event: null, status: 0 };
      try {
        if (receiver.secret === null) throw new Error('receiver has no secret yet');
        delivery.event = sdk.webhooks.constructEvent(raw, String(req.headers['stripe-signature']), receiver.secret);
      } catch (err) {
        receiver.problems.push(`${(err as Error).message} (${raw.slice(0, 80)})`);
      }
      const answer = receiver.respond(count++, delivery);
      const { status, delayMs = 0, until } = typeof answer === 'number' ? { status: answer } : answer;
      const reply = () => {
        delivery.status = status;
        receiver.deliveries.push(delivery);
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json' }).end('{"received":true}');
      };
      if (until) void until.then(reply);
      else if (delayMs > 0) setTimeout(reply, delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return receiver;
}
