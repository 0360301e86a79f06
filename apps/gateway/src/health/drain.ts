import { Injectable } from '@nestjs/common';

/** Whether the gateway is shutting down; readiness fails from the moment a drain starts. */
@Injectable()
export class Drain {
  private started = false;

  start(): void {
    this.started = true;
  }

  draining(): boolean {
    return this.started;
  }
}
