import { Module } from '@nestjs/common';
import { ApiDocsController } from './api-docs.controller';

/** The public API's OpenAPI document and its page. */
@Module({ controllers: [ApiDocsController] })
export class ApiDocsModule {}
