import { startAuth, RunningAuth } from '../../apps/auth/src/bootstrap';
import { AuthEnv } from '../../apps/auth/src/config';
import { startGateway, RunningGateway } from '../../apps/gateway/src/bootstrap';
import { GatewayEnv } from '../../apps/gateway/src/config';
import { startMockUpstream, MockUpstream } from '../../apps/mock-upstream/src/mock-upstream';
import { infraEnv, TestEnv } from './env';
import { billingFor } from './billing-stack';
import type { RunningBilling } from '../../apps/billing/src/bootstrap';

export function authFor(env: TestEnv, overrides: NodeJS.ProcessEnv = {}): Promise<RunningAuth> {
  return startAuth(AuthEnv.parse({ ...infraEnv(env), AUTH_ADMIN_PORT: '0', ...overrides }));
}

export function gatewayFor(env: TestEnv, overrides: NodeJS.ProcessEnv = {}): Promise<RunningGateway> {
  return startGateway(
    GatewayEnv.parse({
      ...infraEnv(env),
      CATALOG_SECRET: env.catalogSecret,
      GATEWAY_PORT: '0',
      GATEWAY_ADMIN_PORT: '0',
      ALLOW_PRIVATE_UPSTREAMS: 'true',
      ...overrides,
    }),
  );
}

export interface Stack {
  mock: MockUpstream;
  auth: RunningAuth;
  /** Billing, which the gateways need for prices (they serve no metered call without them). */
  billing: RunningBilling;
  gateways: RunningGateway[];
  gateway: RunningGateway;
  close(): Promise<void>;
}

export interface StackOptions {
  gateways?: number;
  gatewayEnv?: NodeJS.ProcessEnv;
  billingEnv?: NodeJS.ProcessEnv;
  mockChunkDelayMs?: number;
}

/** A mock upstream, auth, billing and `gateways` gateway instances, all in this process. */
export async function startStack(env: TestEnv, opts: StackOptions = {}): Promise<Stack> {
  const mock = await startMockUpstream({ apiKey: 'sk-upstream-secret', chunkDelayMs: opts.mockChunkDelayMs });
  const auth = await authFor(env);
  const billing = await billingFor(env, opts.billingEnv);
  const gateways: RunningGateway[] = [];
  // The admin console's backend (on each gateway's admin port) calls auth's and billing's admin APIs.
  const adminUrls = { AUTH_ADMIN_URL: auth.url, BILLING_ADMIN_URL: billing.url };
  for (let i = 0; i < (opts.gateways ?? 1); i++) gateways.push(await gatewayFor(env, { ...adminUrls, ...opts.gatewayEnv }));
  return {
    mock,
    auth,
    billing,
    gateways,
    gateway: gateways[0],
    close: async () => {
      for (const g of gateways) await g.close();
      await billing.close();
      await auth.close();
      await mock.close();
    },
  };
}
