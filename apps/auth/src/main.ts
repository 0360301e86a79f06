import 'reflect-metadata';
import { startAuth } from './bootstrap';
import { announce, configOrExit } from '@tollgate/config';
import { startTracing } from '@tollgate/server';
import { loadAuthConfig } from './config';

const tracing = startTracing('auth');

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

startAuth(configOrExit('auth', () => loadAuthConfig())).then(
  (auth) => {
    flushOnSignal(auth);
    announce('auth', `admin API on ${auth.url}`, { url: auth.url });
  },
  (err) => {
    process.stderr.write(`auth failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
