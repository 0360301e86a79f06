import { Controller, Get, Headers, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MeAuthGuard, MeScope } from './me-auth.guard';
import type { MeRequest } from './me-caller';
import { MeUsageService } from './me-usage.service';
import { formatOf } from './response-format';

/** GET /me/usage: requests, tokens and cost by day, model or key (`usage:read`). */
@UseGuards(MeAuthGuard)
@Controller('me/usage')
export class MeUsageController {
  constructor(private readonly usage: MeUsageService) {}

  @Get()
  @MeScope('usage:read')
  summary(@Req() req: MeRequest, @Res({ passthrough: true }) reply: FastifyReply, @Query() query: Record<string, string>, @Headers('accept') accept?: string) {
    const { format, rest } = formatOf(query, accept, ['json', 'csv']);
    return this.usage.summary(req.caller, reply, rest, format === 'csv');
  }
}
