import { createServer } from 'node:net';

export interface PortNeed {
  /** What listens there, e.g. `gateway`. */
  name: string;
  /** The variable that moves it, e.g. `GATEWAY_PORT`. */
  env: string;
  port: number;
}

export interface BusyPort extends PortNeed {
  problem: string;
}

/** Whether `port` can be listened on at `host`: null if free, else why not (EADDRINUSE, EACCES...). */
function tryListen(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/**
 * The ports `npm start` needs that something else already holds. Checked by binding them, not by
 * connecting: a port whose holder does not answer HTTP is busy all the same, and nothing that
 * answers there is mistaken for one of our services.
 */
export async function busyPorts(needs: PortNeed[], host = '127.0.0.1'): Promise<BusyPort[]> {
  const results = await Promise.all(needs.map(async (need) => ({ ...need, problem: await tryListen(host, need.port) })));
  return results.filter((r): r is BusyPort => r.problem !== null);
}

export function busyPortsMessage(busy: BusyPort[], host = '127.0.0.1'): string {
  const lines = busy.map((b) =>
    b.problem === 'EADDRINUSE'
      ? `✗ Port ${b.port} (${b.name}) is already in use on ${host}: stop what holds it (an earlier npm start?) or set ${b.env} to a free port.`
      : `✗ Port ${b.port} (${b.name}) cannot be used on ${host} (${b.problem}); set ${b.env} to another port.`,
  );
  return `${lines.join('\n')}\nTollgate did not start.\n`;
}
