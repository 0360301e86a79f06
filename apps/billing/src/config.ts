import { z } from 'zod';
import { InfraEnv, parseEnv, port } from '@tollgate/config';

export const BillingEnv = InfraEnv.extend({
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  BILLING_HOST: z.string().default('127.0.0.1'),
  BILLING_PORT: port(8082),
});
export type BillingConfig = z.infer<typeof BillingEnv>;

export function loadBillingConfig(env: NodeJS.ProcessEnv = process.env): BillingConfig {
  return parseEnv(BillingEnv, env);
}

export const BILLING_CONFIG = Symbol('BILLING_CONFIG');
