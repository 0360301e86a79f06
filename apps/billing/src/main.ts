import 'reflect-metadata';
import { startBilling } from './bootstrap';
import { announce, configOrExit } from '@tollgate/config';
import { startTracing } from '@tollgate/server';
import { loadBillingConfig } from './config';

const tracing = startTracing('billing');

/** With tracing on, SIGTERM or SIGINT closes the service and exports the spans still buffered before exiting. */
function flushOnSignal(running: { close(): Promise<void> }): void {
  if (!tracing.enabled) return;
  const stop = () =>
    void running
      .close()
      .then(() => tracing.shutdown())
      .finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

startBilling(configOrExit('billing', () => loadBillingConfig())).then(
  (billing) => {
    flushOnSignal(billing);
    announce('billing', `billing on ${billing.url}`, { url: billing.url });
  },
  (err) => {
    process.stderr.write(`billing failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
