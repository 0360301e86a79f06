import { z } from 'zod';
import { ConfigError, configOrExit, parseEnv, secret } from './env';

describe('secret(): a service refuses to start on a placeholder', () => {
  const schema = z.object({ ADMIN_TOKEN: secret() });
  it.each(['CHANGE_ME_admin_token_value', 'changeme-changeme-changeme', '<random, at least 16 characters>', 'xxxxxxxxxxxxxxxxxxxx', 'short'])(
    'refuses %j',
    (v) => {
      expect(schema.safeParse({ ADMIN_TOKEN: v }).success).toBe(false);
    },
  );
  it.each(['c2b0f4d1a9e84f1f8a1b3c6d7e8f9a0b', 'Zq3+9kP/2mVx8LwR1tYb5nHc7sJd0fGa'])('accepts a generated secret %j', (v) => {
    expect(schema.safeParse({ ADMIN_TOKEN: v }).success).toBe(true);
  });
});

describe('configuration errors: one block naming every bad variable, no stack, exit 1', () => {
  const schema = z.object({ ADMIN_TOKEN: secret(), PORT: z.coerce.number().int(), MODE: z.enum(['a', 'b']) });

  it('parseEnv lists each bad variable by name and never echoes a secret', () => {
    const secretValue = 'CHANGE_ME_but_long_enough';
    let error: unknown;
    try {
      parseEnv(schema, { ADMIN_TOKEN: secretValue, PORT: 'eighty', MODE: 'a' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['ADMIN_TOKEN', 'PORT']);
    expect((error as ConfigError).message).toMatch(/^Invalid configuration \(2 variables\):\n {2}ADMIN_TOKEN: .+\n {2}PORT: .+$/);
    expect((error as ConfigError).message).not.toContain(secretValue);
  });

  it('configOrExit prints the list once on stderr, without a stack trace, and exits 1', () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const exit = jest.fn((code: number): never => {
      throw new Error(`exit ${code}`);
    });
    try {
      expect(() => configOrExit('gateway', () => parseEnv(schema, { MODE: 'c' }), exit)).toThrow('exit 1');
    } finally {
      write.mockRestore();
    }
    expect(exit).toHaveBeenCalledWith(1);
    const text = written.join('');
    expect(text).toMatch(/^gateway cannot start\. Invalid configuration \(3 variables\):\n {2}ADMIN_TOKEN: .+\n {2}PORT: .+\n {2}MODE: .+\n/);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('configOrExit rethrows what is not a configuration error and passes a valid config through', () => {
    expect(() =>
      configOrExit('auth', () => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
    expect(configOrExit('auth', () => 42)).toBe(42);
  });
});
