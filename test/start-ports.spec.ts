import { createServer, Server } from 'node:net';
import { busyPorts, busyPortsMessage } from '../scripts/start/ports';

/** `npm start` refuses a port something else holds, naming it, instead of talking to whatever answers there. */
describe('npm start: busyPorts', () => {
  let holder: Server;
  let taken: number;

  beforeEach(async () => {
    holder = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n')); // answers like a healthy service would
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    taken = (holder.address() as { port: number }).port;
  });
  afterEach(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  async function freePort(): Promise<number> {
    const s = createServer();
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    return port;
  }

  it('names the port that is taken, and only that one, with the variable that moves it', async () => {
    const free = await freePort();
    const busy = await busyPorts([
      { name: 'gateway', env: 'GATEWAY_PORT', port: taken },
      { name: 'mock upstream', env: 'MOCK_PORT', port: free },
    ]);
    expect(busy).toEqual([{ name: 'gateway', env: 'GATEWAY_PORT', port: taken, problem: 'EADDRINUSE' }]);
    expect(busyPortsMessage(busy)).toBe(
      `✗ Port ${taken} (gateway) is already in use on 127.0.0.1: stop what holds it (an earlier npm start?) or set GATEWAY_PORT to a free port.\nTollgate did not start.\n`,
    );
  });

  it('finds nothing busy when every port is free, and leaves them free', async () => {
    const free = await freePort();
    expect(await busyPorts([{ name: 'auth admin API', env: 'AUTH_ADMIN_PORT', port: free }])).toEqual([]);
    expect(await busyPorts([{ name: 'auth admin API', env: 'AUTH_ADMIN_PORT', port: free }])).toEqual([]);
  });

  it('counts a port held on every address (0.0.0.0) as taken on 127.0.0.1', async () => {
    const wide = createServer();
    await new Promise<void>((resolve) => wide.listen(0, '0.0.0.0', resolve));
    const port = (wide.address() as { port: number }).port;
    try {
      expect((await busyPorts([{ name: 'billing', env: 'BILLING_PORT', port }])).map((b) => b.port)).toEqual([port]);
    } finally {
      await new Promise<void>((resolve) => wide.close(() => resolve()));
    }
  });
});
