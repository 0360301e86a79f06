import { USAGE_BATCH_MAX, usageBatchId, UsageRecorded } from '@tollgate/contracts';

const utf8 = new TextEncoder();

/**
 * billing.usage.batch.v1 messages for `events`, each at most `maxBytes` and USAGE_BATCH_MAX
 * events, so that no event can make a message the server refuses (and sink the others in it).
 * Each message's id is stable for its events, so a retried publish is stored once. `json`, when
 * given, holds each event already serialised (JSON.stringify of the event at the same index).
 */
export function usageMessages(
  events: readonly UsageRecorded[],
  maxBytes: number,
  json?: readonly string[],
): { id: string; data: Uint8Array; events: number }[] {
  const out: { id: string; data: Uint8Array; events: number }[] = [];
  let parts: string[] = [];
  let group: UsageRecorded[] = [];
  let size = 0;
  const close = () => {
    if (!group.length) return;
    out.push({ id: usageBatchId(group), data: utf8.encode(`{"events":[${parts.join(',')}]}`), events: group.length });
    parts = [];
    group = [];
    size = 0;
  };
  events.forEach((e, i) => {
    const text = json?.[i] ?? JSON.stringify(e);
    const bytes = Buffer.byteLength(text) + 1;
    if (group.length && (size + bytes + 16 > maxBytes || group.length >= USAGE_BATCH_MAX)) close();
    parts.push(text);
    group.push(e);
    size += bytes;
  });
  close();
  return out;
}
