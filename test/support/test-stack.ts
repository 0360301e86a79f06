import type { AdminClient } from './admin-client';
import { createTestEnv, type TestEnv } from './env';
import { adminFor, tenantWithKey, type TenantFixture, type TenantOptions } from './fixtures';
import { startStack, type Stack, type StackOptions } from './stack';

export interface TestStackOptions extends StackOptions {
  /** Tenants made (in this order) once the stack runs, each with a route to the mock upstream and one key. */
  tenants?: TenantOptions[];
}

/** What a test file's beforeAll used to build by hand: its environment, the services on it, an admin client, its tenants. */
export interface TestStack {
  env: TestEnv;
  stack: Stack;
  admin: AdminClient;
  /** One per `tenants` option, in the same order. */
  tenants: TenantFixture[];
  /** Stops the services, then drops the file's database, stream and Redis keys. */
  close(): Promise<void>;
}

/**
 * A fresh test environment, the stack on it (startStack's options) and the tenants asked for.
 * Whatever was started is stopped again if a later step fails, so a failed beforeAll leaves nothing running.
 */
export async function testStack(opts: TestStackOptions = {}): Promise<TestStack> {
  const { tenants: wanted = [], ...stackOpts } = opts;
  const env = await createTestEnv();
  let stack: Stack | undefined;
  try {
    stack = await startStack(env, stackOpts);
    const admin = adminFor(env, stack);
    const tenants: TenantFixture[] = [];
    for (const tenant of wanted) tenants.push(await tenantWithKey(admin, stack, tenant));
    const running = stack;
    return {
      env,
      stack,
      admin,
      tenants,
      close: async () => {
        await running.close();
        await env.drop();
      },
    };
  } catch (err) {
    await stack?.close().catch(() => undefined);
    await env.drop().catch(() => undefined);
    throw err;
  }
}
