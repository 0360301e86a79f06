import type { Logger } from '@nestjs/common';
import { ConsumerEvents, type ConsumerMessages } from 'nats';

/** Notifications that say the usage stream or billing's durable consumer is gone. */
const GONE = new Set<string>([ConsumerEvents.ConsumerNotFound, ConsumerEvents.StreamNotFound, ConsumerEvents.ConsumerDeleted]);

/**
 * Watches billing's pull consumer. When the usage stream or the durable consumer is gone (deleted by
 * an operator, lost with a NATS server's storage), nats.js only keeps asking for it: nothing would be
 * booked again until billing restarted. This makes them again at once (the gateways republish what
 * JetStream never acknowledged; bookings stay exactly once by request id), and until it has,
 * `missing` is true so billing's readiness fails, naming `usage`.
 */
export class ConsumerWatch {
  missing = false;
  private recreating?: Promise<void>;

  constructor(
    private readonly recreate: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  async watch(messages: ConsumerMessages): Promise<void> {
    for await (const s of await messages.status()) {
      if (!GONE.has(s.type)) continue;
      this.missing = true;
      this.recreating ??= this.again(s.type).finally(() => (this.recreating = undefined));
    }
  }

  private async again(why: string): Promise<void> {
    this.logger.warn({ why }, 'the usage stream or consumer is gone: making it again');
    try {
      await this.recreate();
      this.missing = false;
      this.logger.log('usage stream and consumer are back: booking resumes');
    } catch (err) {
      // The next notification tries again (nats.js repeats them while the consumer is missing).
      this.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'could not make the usage stream or consumer again');
    }
  }
}
