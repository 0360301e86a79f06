import { USAGE_BATCH_MAX, UsageRecorded } from '@tollgate/contracts';
import { usageMessages } from './usage-messages';

const event = (i: number, model = 'm'): UsageRecorded => ({
  requestId: `req_${i}`,
  occurredAt: new Date(0).toISOString(),
  tenantId: '00000000-0000-4000-8000-000000000001',
  keyId: '00000000-0000-4000-8000-000000000002',
  keyLabel: null,
  model,
  provider: null,
  upstreamModel: null,
  promptTokens: 1,
  completionTokens: 1,
  cachedTokens: 0,
  estimated: false,
  stream: false,
  status: 200,
  latencyMs: 1,
  ttftMs: null,
  costMicros: 1,
});

describe('usageMessages: batches cut below the server limit', () => {
  it.each([
    ['few small events', 10, 'm', 64 * 1024, 1],
    ['more than a batch holds', USAGE_BATCH_MAX + 1, 'm', 1024 * 1024, 2],
    ['large events', 40, 'x'.repeat(200), 4 * 1024, 4],
  ])('%s', (_name, count, model, maxBytes, messages) => {
    const events = Array.from({ length: count }, (_, i) => event(i, model));
    const out = usageMessages(events, maxBytes);
    expect(out.length).toBeGreaterThanOrEqual(messages);
    expect(out.every((m) => m.data.length <= maxBytes)).toBe(true);
    const back = out.flatMap((m) => (JSON.parse(Buffer.from(m.data).toString()) as { events: UsageRecorded[] }).events);
    expect(back).toEqual(events);
    expect(out.map((m) => m.events).reduce((a, b) => a + b, 0)).toBe(count);
  });

  it('gives the same messages the same ids, so a retried publish is stored once', () => {
    const events = Array.from({ length: 30 }, (_, i) => event(i));
    expect(usageMessages(events, 2048).map((m) => m.id)).toEqual(usageMessages(events, 2048).map((m) => m.id));
  });
});
