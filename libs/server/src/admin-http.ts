import { INestApplication, ValidationPipe } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * What every internal admin API shares: strict body validation and OpenAPI at /api/docs; Nest's
 * shutdown on signals unless the service handles them itself (`shutdownHooks: false`).
 */
export function setupAdminHttp(app: INestApplication, title: string, description: string, { shutdownHooks = true } = {}): void {
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  const doc = new DocumentBuilder().setTitle(title).setDescription(description).setVersion('1').addBearerAuth().build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  if (shutdownHooks) app.enableShutdownHooks();
}
