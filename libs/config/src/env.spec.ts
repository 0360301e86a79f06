import { z } from 'zod';
import { secret } from './env';

describe('secret(): a service refuses to start on a placeholder', () => {
  const schema = z.object({ ADMIN_TOKEN: secret() });
  it.each(['CHANGE_ME_admin_token_value', 'changeme-changeme-changeme', '<random, at least 16 characters>', 'xxxxxxxxxxxxxxxxxxxx', 'short'])('refuses %j', (v) => {
    expect(schema.safeParse({ ADMIN_TOKEN: v }).success).toBe(false);
  });
  it.each(['c2b0f4d1a9e84f1f8a1b3c6d7e8f9a0b', 'Zq3+9kP/2mVx8LwR1tYb5nHc7sJd0fGa'])('accepts a generated secret %j', (v) => {
    expect(schema.safeParse({ ADMIN_TOKEN: v }).success).toBe(true);
  });
});
