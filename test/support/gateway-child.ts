import type { ChildProcess } from 'node:child_process';
import { infraEnv, TestEnv } from './env';
import { serviceChild } from './service-child';
import { GATEWAY_NODE_ENV, GATEWAY_NODE_FLAGS } from '../../apps/gateway/src/node-flags';

export interface GatewayChild {
  proc: ChildProcess;
  baseUrl: string;
  adminUrl: string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** The compiled gateway (`npm run build` output) as a child process, for crash tests. */
export async function gatewayChild(env: TestEnv, overrides: NodeJS.ProcessEnv = {}): Promise<GatewayChild> {
  const childEnv = {
    ...GATEWAY_NODE_ENV,
    ...infraEnv(env),
    CATALOG_SECRET: env.catalogSecret,
    GATEWAY_PORT: '0',
    GATEWAY_ADMIN_PORT: '0',
    LOG_LEVEL: 'info',
    ...overrides,
  };
  const c = await serviceChild('apps/gateway/src/main.js', childEnv, /OpenAI base URL (http:\/\/[^\s,]+), admin API (http:\/\/[^"\s]+)/, GATEWAY_NODE_FLAGS);
  return { proc: c.proc, baseUrl: c.urls[0], adminUrl: c.urls[1], kill: c.kill };
}
