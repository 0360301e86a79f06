import type { JsMsg } from 'nats';
import { Subjects, UsageBatch, UsageRecorded } from '@tollgate/contracts';

export interface ParkItem {
  msg: JsMsg;
  requestId: string | null;
  tenantId?: string;
  payload: Uint8Array;
  error: string;
}

/** A round of messages decoded: the valid events, which messages carry each, and what to park. */
export interface RoundPlan {
  events: UsageRecorded[];
  messagesOf: Map<string, JsMsg[]>;
  parked: ParkItem[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function planRound(round: readonly JsMsg[]): RoundPlan {
  const plan: RoundPlan = { events: [], messagesOf: new Map(), parked: [] };
  for (const m of round) {
    const batch = m.subject.endsWith(Subjects.usageBatch);
    let raws: unknown[];
    try {
      const payload: unknown = JSON.parse(utf8.decode(m.data));
      raws = batch ? UsageBatch.parse(payload).events : [payload];
    } catch (err) {
      plan.parked.push({ msg: m, requestId: null, payload: m.data, error: `invalid payload: ${describeError(err)}` });
      continue;
    }
    for (const raw of raws) {
      const parsed = UsageRecorded.safeParse(raw);
      if (!parsed.success) {
        const payload = batch ? new TextEncoder().encode(JSON.stringify(raw)) : m.data;
        plan.parked.push({ msg: m, requestId: null, payload, error: `invalid payload: ${describeError(parsed.error)}` });
        continue;
      }
      const e = parsed.data;
      const carriers = plan.messagesOf.get(e.requestId);
      if (carriers) {
        carriers.push(m); // the same request twice in a round (a retried publish): booked once
        continue;
      }
      plan.messagesOf.set(e.requestId, [m]);
      plan.events.push(e);
    }
  }
  return plan;
}

export function describeError(err: unknown): string {
  if (err && typeof err === 'object' && 'issues' in err) return JSON.stringify((err as { issues: unknown }).issues).slice(0, 1000);
  return (err instanceof Error ? err.message : String(err)).slice(0, 2000);
}
