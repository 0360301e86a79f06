import 'reflect-metadata';
import { startAuth } from './bootstrap';
import { configOrExit } from '@tollgate/config';
import { loadAuthConfig } from './config';

startAuth(configOrExit('auth', () => loadAuthConfig())).then(
  (auth) => process.stdout.write(JSON.stringify({ level: 'log', context: 'auth', message: `admin API on ${auth.url}` }) + '\n'),
  (err) => {
    process.stderr.write(`auth failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
