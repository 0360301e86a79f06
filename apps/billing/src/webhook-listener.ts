import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { adminClientErrorHandler } from '@tollgate/server';

const VIA_WEBHOOK_PORT = Symbol('viaWebhookPort');
const isWebhookPath = (url: string | undefined) => (url ?? '').startsWith('/webhooks/');

/**
 * The payment webhooks on a port of their own (BILLING_WEBHOOK_PORT), so that only they are
 * exposed to payment providers while the admin API stays internal. The listener hands
 * `/webhooks/*` requests to the same Fastify routes (raw body, signature first) and answers 404
 * to anything else; the admin port then answers 404 to `/webhooks/*`.
 */
export async function listenForWebhooks(fastify: FastifyInstance, port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!isWebhookPath(req.url)) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'Not found.', type: 'invalid_request_error', code: 'not_found' } }));
      return;
    }
    (req as IncomingMessage & { [VIA_WEBHOOK_PORT]?: boolean })[VIA_WEBHOOK_PORT] = true;
    fastify.routing(req, res);
  });
  server.on('clientError', adminClientErrorHandler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** On the admin port, `/webhooks/*` is not served once the webhooks have their own port. */
export function keepWebhooksOffAdminPort(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (req: FastifyRequest, reply) => {
    if (isWebhookPath(req.url) && !(req.raw as IncomingMessage & { [VIA_WEBHOOK_PORT]?: boolean })[VIA_WEBHOOK_PORT]) {
      await reply.code(404).send({ error: { message: 'Payment webhooks are served on their own port.', type: 'invalid_request_error', code: 'not_found' } });
    }
  });
}
