import { eventually } from './eventually';

/** One row of GET /me/request-logs: what billing booked for a call, so what the tenant is charged. */
export type RequestLog = { request_id: string; prompt_tokens: number; completion_tokens: number; cached_tokens: number; cost_micros: number; status: number };

/** The request log billing wrote for `requestId`, read with the tenant's key once it is there. */
export async function bookedLog(gatewayUrl: string, key: string, requestId: string): Promise<RequestLog> {
  const find = async () => {
    const res = await fetch(`${gatewayUrl}/me/request-logs?limit=100`, { headers: { authorization: `Bearer ${key}` } });
    const { data } = (await res.json()) as { data: RequestLog[] };
    return data.find((l) => l.request_id === requestId);
  };
  return (await eventually(find, (l) => l !== undefined))!;
}

/** The event types of a streamed Responses API text answer with `deltas` text deltas, in the order the spec gives them. */
export function textStreamEventTypes(deltas: number): string[] {
  return [
    'response.created',
    'response.in_progress',
    'response.output_item.added',
    'response.content_part.added',
    ...Array<string>(deltas).fill('response.output_text.delta'),
    'response.output_text.done',
    'response.content_part.done',
    'response.output_item.done',
    'response.completed',
  ];
}
