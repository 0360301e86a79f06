import 'reflect-metadata';
import { startBilling } from './bootstrap';
import { configOrExit } from '@tollgate/config';
import { loadBillingConfig } from './config';

startBilling(configOrExit('billing', () => loadBillingConfig())).then(
  (billing) => process.stdout.write(JSON.stringify({ level: 'log', context: 'billing', message: `billing on ${billing.url}` }) + '\n'),
  (err) => {
    process.stderr.write(`billing failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
