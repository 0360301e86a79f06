import { connect, JSONCodec, NatsConnection } from 'nats';
import { Streams, streamName, Subjects, UsageRecorded } from '@tollgate/contracts';
import { NATS_URL, TestEnv } from './env';
import { eventually } from './eventually';

/** Reads this test file's usage stream, as the billing consumer will. */
export class UsageReader {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
  ) {}

  static async open(env: TestEnv): Promise<UsageReader> {
    return new UsageReader(await connect({ servers: NATS_URL }), streamName(env.natsPrefix, Streams.usage.name));
  }

  /** Every event stored so far (one per recorded.v1 message, several per batch.v1), with its message's id header. */
  async all(): Promise<{ msgId: string | undefined; event: UsageRecorded }[]> {
    const jsm = await this.nc.jetstreamManager();
    const info = await jsm.streams.info(this.stream);
    const out: { msgId: string | undefined; event: UsageRecorded }[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const msg = await jsm.streams.getMessage(this.stream, { seq }).catch(() => null);
      if (!msg) continue;
      const payload = JSONCodec<unknown>().decode(msg.data);
      const events = msg.subject.endsWith(Subjects.usageBatch) ? (payload as { events: unknown[] }).events : [payload];
      for (const e of events) out.push({ msgId: msg.header?.get('Nats-Msg-Id'), event: UsageRecorded.parse(e) });
    }
    return out;
  }

  /** Polls until an event for `requestId` is stored (publishing happens after the response). */
  async waitFor(requestId: string, timeoutMs = 5000): Promise<UsageRecorded> {
    const find = async () => (await this.all()).find((e) => e.event.requestId === requestId);
    const hit = await eventually(find, (h) => h !== undefined, timeoutMs);
    if (!hit) throw new Error(`no usage event for ${requestId}`);
    return hit.event;
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
