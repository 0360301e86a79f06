import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { WebhooksService } from './webhooks.service';

/** Public: payment providers call it. The body arrives as raw bytes (see bootstrap's content-type parsers). */
@ApiTags('webhooks')
@Controller('webhooks/payments')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post(':provider')
  @HttpCode(200)
  @ApiOperation({ summary: 'Signed payment events: `stripe` (Stripe-Signature) or `standard` (Standard Webhooks).' })
  @ApiHeader({ name: 'stripe-signature', required: false })
  @ApiHeader({ name: 'webhook-signature', required: false })
  receive(@Param('provider') provider: string, @Req() req: FastifyRequest) {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    return this.webhooks.receive(provider, req.headers, raw);
  }
}
