/**
 * The least work an HTTP server can do for the emulator's answers: node:http answering precomputed bodies of the
 * same sizes, with no routing, auth, validation or storage. The emulator's throughput is reported against it.
 * Prints one JSON ready line like the emulator.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const sizes = JSON.parse(process.argv[2] ?? '{}') as Record<string, number>;
const bodies = new Map<string, string>();
for (const [kind, size] of Object.entries(sizes)) bodies.set(kind, JSON.stringify({ data: 'x'.repeat(Math.max(0, size - 11)) }));

const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  const finish = () => {
    const kind = req.method === 'POST' ? 'create' : req.url?.includes('page_size') ? 'list' : 'get';
    const body = bodies.get(kind) ?? '{}';
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  req.resume();
  req.on('end', finish);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: `http://127.0.0.1:${port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
