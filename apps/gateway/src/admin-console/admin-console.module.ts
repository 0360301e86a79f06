import { DynamicModule, Module } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { consoleDirOf } from '../console/console-files';
import { ConsoleModule } from '../console/console.module';
import { AdminConsoleProxyService } from './admin-console-proxy.service';
import { AdminConsoleSessionService } from './admin-console-session.service';
import { AdminConsoleController } from './admin-console.controller';
import { AdminUpstreams } from './admin-upstreams.service';

/**
 * The admin console on the gateway's admin port: its SPA at /console (ADMIN_CONSOLE_DIR) and its
 * backend at /console-api (AUTH_ADMIN_URL, BILLING_ADMIN_URL, this app's own /admin routes).
 */
@Module({})
export class AdminConsoleModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AdminConsoleModule,
      imports: [ConsoleModule.forRoot({ dir: consoleDirOf(config.ADMIN_CONSOLE_DIR, 'admin-console') })],
      controllers: [AdminConsoleController],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, AdminUpstreams, AdminConsoleSessionService, AdminConsoleProxyService],
    };
  }
}
