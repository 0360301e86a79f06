import 'reflect-metadata';
import { RunningGateway, startGateway } from './bootstrap';
import { announce, configOrExit } from '@tollgate/config';
import { startTracing } from '@tollgate/server';
import { loadGatewayConfig } from './config';

const tracing = startTracing('gateway');

/** SIGTERM or SIGINT: drain (see startGateway's close), flush usage and spans, exit. A second signal ends the process at once. */
function exitOnSignal(gw: RunningGateway): void {
  const stop = (): void =>
    void gw
      .close()
      .then(() => tracing.shutdown())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`gateway shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exit(1);
        },
      );
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

startGateway(configOrExit('gateway', () => loadGatewayConfig())).then(
  (gw) => {
    exitOnSignal(gw);
    announce('gateway', `OpenAI base URL ${gw.baseUrl}, admin API ${gw.adminUrl}`, { baseUrl: gw.baseUrl, adminUrl: gw.adminUrl });
  },
  (err) => {
    process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
