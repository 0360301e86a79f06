import { createServer } from 'node:http';
import { Pool } from 'undici';

/**
 * The floor: a bare pass-through proxy (node:http in, one undici keep-alive pool out), no
 * parsing, auth or metering. What any Node gateway costs at the least on this machine.
 * Env: FLOOR_PORT, FLOOR_UPSTREAM (origin of the upstream, e.g. http://127.0.0.1:8090).
 */
const upstream = new Pool(process.env.FLOOR_UPSTREAM ?? 'http://127.0.0.1:8090', { connections: 256, pipelining: 1 });

const server = createServer((req, res) => {
  upstream
    .request({
      path: req.url ?? '/',
      method: (req.method ?? 'GET') as 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      body: req,
    })
    .then(
      ({ statusCode, headers, body }) => {
        res.writeHead(statusCode, { 'content-type': String(headers['content-type'] ?? 'application/json') });
        body.pipe(res);
      },
      () => {
        res.writeHead(502).end();
      },
    );
});

server.listen(Number(process.env.FLOOR_PORT ?? 8095), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ level: 'log', context: 'floor-proxy', message: `floor proxy on ${process.env.FLOOR_PORT}` }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
