import { Body, Controller, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '@tollgate/contracts';
import { ApiKeyGuard } from '../edge/api-key.guard';
import { MeKeysService } from './me-keys.service';

type AuthedRequest = FastifyRequest & { user: Principal };

/** Self-service key management for a key with `keys:manage`, confined to its own tenant; bodies and answers in snake_case. */
@UseGuards(ApiKeyGuard)
@Controller('me/keys')
export class MeKeysController {
  constructor(private readonly keys: MeKeysService) {}

  @Get()
  list(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.keys.list(req.user, String(req.id), reply);
  }

  @Post()
  @HttpCode(201)
  create(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    return this.keys.create(req.user, String(req.id), reply, body);
  }

  @Post(':keyId/rotate')
  @HttpCode(201)
  rotate(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('keyId') keyId: string, @Body() body: unknown) {
    return this.keys.rotate(req.user, String(req.id), reply, keyId, body);
  }

  @Post(':keyId/revoke')
  @HttpCode(200)
  revoke(@Req() req: AuthedRequest, @Res({ passthrough: true }) reply: FastifyReply, @Param('keyId') keyId: string) {
    return this.keys.revoke(req.user, String(req.id), reply, keyId);
  }
}
