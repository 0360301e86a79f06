import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
  /** What the receiver answered. */
  status: number;
}

/** An HTTP server that records every webhook POSTed to it; `failNext(n)` answers 500 to the next n. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Only those sent to `path`. */
  at(path: string): ReceivedWebhook[];
  failNext(n: number, path?: string): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const failures = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const left = failures.get(path) ?? 0;
      const status = left > 0 ? 500 : 204;
      if (left > 0) failures.set(path, left - 1);
      const body = Buffer.concat(chunks).toString('utf8');
      let json: ReceivedWebhook['json'];
      try {
        json = JSON.parse(body) as ReceivedWebhook['json'];
      } catch {
        json = { type: '(not json)', timestamp: '', data: {} };
      }
      received.push({ path, headers: req.headers, body, json, status });
      res.statusCode = status;
      res.end(status === 500 ? 'receiver says no' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
    failNext: (n, path = '/') => void failures.set(path, n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
