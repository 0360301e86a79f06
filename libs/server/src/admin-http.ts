import { ConsoleLogger, INestApplication, LogLevel, ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Nest's logger as one JSON object per line. */
export function jsonLogger(service: string, level: string): ConsoleLogger | false {
  if (level === 'silent') return false;
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const wanted = level === 'info' ? 'log' : level === 'trace' ? 'verbose' : (level as LogLevel);
  const idx = Math.max(order.indexOf(wanted), 0);
  return new ConsoleLogger(service, { json: true, logLevels: order.slice(0, idx + 1) });
}

/** What every internal admin API shares: strict body validation and OpenAPI at /api/docs. */
export function setupAdminHttp(app: INestApplication, title: string, description: string): void {
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const doc = new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1').addBearerAuth().build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
}
