import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { MeAuthGuard, MeScope } from './me-auth.guard';
import type { MeRequest } from './me-caller';
import { MeHealthService } from './me-health.service';
import type { PublicModelHealthList } from './me-health.mapper';

/** GET /me/models/health: success rate, latency and fallback of each model the caller may use (`models:read`). */
@UseGuards(MeAuthGuard)
@Controller('me/models/health')
export class MeHealthController {
  constructor(private readonly health: MeHealthService) {}

  @Get()
  @MeScope('models:read')
  get(@Req() req: MeRequest): Promise<PublicModelHealthList> {
    return this.health.health(req.caller);
  }
}
