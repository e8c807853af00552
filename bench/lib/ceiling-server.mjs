// The ceiling: node:http answering every request with a fixed small JSON after
// reading the body. Nothing InvoiceKit does can be faster than this on the same machine.
// Plain JavaScript run by plain node, as the server under test (dist/) is.
import http from 'node:http';

const body = JSON.stringify({ id: 'ii_ceiling000000000000000000', object: 'invoiceitem', amount: 1000, currency: 'usd', livemode: false });

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`ceiling listening on http://127.0.0.1:${port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
