import { ServiceUnavailableException } from '@nestjs/common';
import { readiness } from './health';

describe('readiness', () => {
  it('is ok when every check passes', async () => {
    await expect(readiness({ database: async () => 1, nats: () => Promise.resolve() })).resolves.toEqual({ status: 'ok' });
  });

  it('names every failing dependency, a thrown error or a probe that never answers, and nothing of the errors', async () => {
    const err = await readiness({
      database: () => Promise.reject(new Error('password authentication failed for user "tollgate"')),
      redis: () => {
        throw new Error('ECONNREFUSED');
      },
      nats: () => new Promise(() => undefined),
      prices: async () => 'ok',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableException);
    const body = (err as ServiceUnavailableException).getResponse();
    expect(body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'not ready: database, redis, nats',
      failing: ['database', 'redis', 'nats'],
    });
    expect(JSON.stringify(body)).not.toContain('password');
  });
});
