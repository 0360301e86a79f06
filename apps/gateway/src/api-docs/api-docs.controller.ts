import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DOCS_PAGE_HEADERS, docsPage } from './docs-page';
import type { Json } from './openapi-types';
import { publicOpenApi } from './public-openapi';

/** The public port's API documentation: /api/docs (a page) and /api/docs-json (OpenAPI 3.1). No credentials needed. */
@Controller('api')
export class ApiDocsController {
  private readonly doc: Json = publicOpenApi();
  private readonly page = docsPage(this.doc);

  @Get('docs-json')
  @Header('cache-control', 'no-cache')
  json(): Json {
    return this.doc;
  }

  @Get('docs')
  html(@Res() reply: FastifyReply): void {
    void reply.headers(DOCS_PAGE_HEADERS).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(this.page);
  }
}
