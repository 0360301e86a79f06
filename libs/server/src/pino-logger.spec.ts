import { Logger } from '@nestjs/common';
import { createLogger } from '@tollgate/config';
import { PinoNestLogger } from './pino-logger';

function capture(level = 'info'): { lines: Record<string, unknown>[]; logger: PinoNestLogger } {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (s: string) => void lines.push(JSON.parse(s)) };
  return { lines, logger: new PinoNestLogger(createLogger('test', level, destination)) };
}

describe('PinoNestLogger', () => {
  it('writes one JSON line with the Nest context, fields and text', () => {
    const { lines, logger } = capture();
    logger.warn({ requestId: 'req_1', err: 'no responders' }, 'auth verification unavailable', 'KeyVerifier');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      name: 'test',
      context: 'KeyVerifier',
      requestId: 'req_1',
      err: 'no responders',
      msg: 'auth verification unavailable',
    });
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

  it("writes Nest's start-up narration at debug, keeps its warnings and everyone else's info", () => {
    const narrate = (logger: PinoNestLogger) => {
      logger.log('AppModule dependencies initialized', 'InstanceLoader');
      logger.log('KeysController {/admin/keys}:', 'RoutesResolver');
      logger.log('Mapped {/admin/keys, POST} route', 'RouterExplorer');
      logger.log('Starting Nest application...', 'NestFactory');
      logger.log('Nest application successfully started', 'NestApplication');
      logger.warn('a route was registered twice', 'RouterExplorer');
      logger.log('OpenAI base URL http://127.0.0.1:8080/v1', 'gateway');
    };
    const info = capture('info');
    narrate(info.logger);
    expect(info.lines.map((l) => [l.level, l.context])).toEqual([
      [40, 'RouterExplorer'],
      [30, 'gateway'],
    ]);
    const debug = capture('debug');
    narrate(debug.logger);
    expect(debug.lines).toHaveLength(7);
    expect(debug.lines.slice(0, 5).every((l) => l.level === 20)).toBe(true);
  });
});
