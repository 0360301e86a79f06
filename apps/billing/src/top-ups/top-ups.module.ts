import { Module } from '@nestjs/common';
import { TopUpsService } from './top-ups.service';

/** Customer top-ups: payment sessions with the configured provider (answered over billing.top-ups.create.v1). */
@Module({
  providers: [TopUpsService],
  exports: [TopUpsService],
})
export class TopUpsModule {}
