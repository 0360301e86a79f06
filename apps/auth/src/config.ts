import { z } from 'zod';
import { InfraEnv, parseEnv, port, secret } from '@tollgate/config';

export const AuthEnv = InfraEnv.extend({
  ADMIN_TOKEN: secret(),
  AUTH_HOST: z.string().default('127.0.0.1'),
  AUTH_ADMIN_PORT: port(8081),
});
export type AuthConfig = z.infer<typeof AuthEnv>;

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return parseEnv(AuthEnv, env);
}

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
