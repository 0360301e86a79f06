import { DynamicModule, Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { CONSOLE_OPTIONS, ConsoleOptions, ConsoleService } from './console.service';

/**
 * A console SPA at /console: the customer console in the public app, the admin console in the
 * admin app (each app imports its own, with its own directory; neither serves the other's).
 */
@Module({})
export class ConsoleModule {
  static forRoot(options: ConsoleOptions): DynamicModule {
    return { module: ConsoleModule, controllers: [ConsoleController], providers: [{ provide: CONSOLE_OPTIONS, useValue: options }, ConsoleService] };
  }
}
