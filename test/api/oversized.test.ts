// Bodies over the limit: the client gets its 413, Stripe-shaped, every time, and not a reset
// connection (EPIPE/ECONNRESET) because the server closed it while the client was still sending.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server.close());

const MB = 1024 * 1024;

/**
 * POSTs `size` bytes with node:http, without keep-alive (the server closes the connection after
 * answering), returning status and body; a reset or broken pipe at any point, even after the
 * answer, fails it.
 */
function upload(size: number, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let answer: { status: number; text: string } | null = null;
    let closed = false;
    const settle = () => answer && closed && resolve(answer);
    const req = http.request(`${server.base}/v1/customers`, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Bearer ${server.newKey()}`,
        'content-type': 'application/x-www-form-urlencoded',
        ...(chunked ? {} : { 'content-length': String(size) }),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        answer = { status: res.statusCode ?? 0, text };
        settle();
      });
      res.on('error', reject);
    });
    req.on('close', () => {
      closed = true;
      settle();
    });
    // Written in pieces, as a client streaming a file does.
    const piece = Buffer.alloc(256 * 1024, 'a');
    let sent = 0;
    const write = () => {
      while (sent < size) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('oversized bodies', () => {
  for (const chunked of [false, true]) {
    test(`a 10 MB upload (${chunked ? 'chunked' : 'with Content-Length'}) gets a readable 413 every time`, async () => {
      for (let i = 0; i < 6; i++) {
        const res = await upload(10 * MB, chunked);
        assert.equal(res.status, 413, res.text);
        const body = JSON.parse(res.text);
        assert.equal(body.error.type, 'invalid_request_error');
        assert.match(body.error.message, /at most 1048576 bytes/);
      }
    });
  }

  test('the connection still serves after the 413', async () => {
    const res = await fetch(`${server.base}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.newKey()}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.alloc(3 * MB, 'a'),
    });
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error.type, 'invalid_request_error');
    const ok = await server.http('POST', '/v1/customers', { body: 'name=After' });
    assert.equal(ok.status, 200, ok.text);
  });
});
