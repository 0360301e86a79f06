import 'reflect-metadata';
import { startGateway } from './bootstrap';
import { loadGatewayConfig } from './config';

startGateway(loadGatewayConfig()).then(
  (gw) => process.stdout.write(JSON.stringify({ level: 'log', context: 'gateway', message: `OpenAI base URL ${gw.baseUrl}, admin API ${gw.adminUrl}` }) + '\n'),
  (err) => {
    process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
