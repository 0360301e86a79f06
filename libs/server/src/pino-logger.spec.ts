import { Logger } from '@nestjs/common';
import { createLogger } from '@tollgate/config';
import { PinoNestLogger } from './pino-logger';

function capture(): { lines: Record<string, unknown>[]; logger: PinoNestLogger } {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (s: string) => void lines.push(JSON.parse(s)) };
  return { lines, logger: new PinoNestLogger(createLogger('test', 'info', destination)) };
}

describe('PinoNestLogger', () => {
  it('writes one JSON line with the Nest context, fields and text', () => {
    const { lines, logger } = capture();
    logger.warn({ requestId: 'req_1', err: 'no responders' }, 'auth verification unavailable', 'KeyVerifier');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, name: 'test', context: 'KeyVerifier', requestId: 'req_1', err: 'no responders', msg: 'auth verification unavailable' });
  });

  it('redacts credentials wherever they sit in a logged object', () => {
    const { lines, logger } = capture();
    const key = 'sk-tg-secretsecretsecretsecretsecretsecret';
    logger.log({ headers: { authorization: `Bearer ${key}`, 'x-api-key': key }, apiKey: key, req: { headers: { authorization: key } } }, 'request', 'Edge');
    expect(JSON.stringify(lines)).not.toContain('secretsecret');
    expect(lines[0]).toMatchObject({ apiKey: '[redacted]', headers: { authorization: '[redacted]', 'x-api-key': '[redacted]' } });
  });

  it('serves as the logger behind Nest Logger instances', () => {
    const { lines, logger } = capture();
    Logger.overrideLogger(logger);
    new Logger('Catalog').error('catalog reload failed');
    Logger.overrideLogger(false);
    expect(lines.at(-1)).toMatchObject({ level: 50, context: 'Catalog', msg: 'catalog reload failed' });
  });
});
