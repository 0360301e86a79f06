import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { announce, configOrExit } from '@tollgate/config';
import { startTracing } from '@tollgate/server';
import { startGateway } from '../apps/gateway/src/bootstrap';
import { loadGatewayConfig } from '../apps/gateway/src/config';
import { BYPASS_OVERRIDES } from './bypass';

/**
 * `node dist/bench/gateway-bypass.js`: the gateway as apps/gateway/src/main.ts starts it, with
 * admission and metering swapped out (bench/bypass.ts), for the bench's `gateway-bypass` row.
 */
const tracing = startTracing('gateway');

startGateway(
  configOrExit('gateway', () => loadGatewayConfig()),
  { overrides: BYPASS_OVERRIDES },
).then(
  (gw) => {
    const stop = (): void =>
      void gw
        .close()
        .then(() => tracing.shutdown())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    new Logger('gateway-bypass').warn('no revocation, rate-limit, budget or credit checks, no usage settle or events (bench only)');
    announce('gateway', `OpenAI base URL ${gw.baseUrl}, admin API ${gw.adminUrl}`, { baseUrl: gw.baseUrl, adminUrl: gw.adminUrl });
  },
  (err) => {
    process.stderr.write(`gateway-bypass failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
