import type { GatewayError } from '../errors/gateway.error';
import type { ChatOutput } from '../calls/chat.service';
import { openEventStream, write } from '../calls/openai-stream-writer';
import type { Reply } from '../http/reply';
import type { StreamWriter } from '../upstream/stream-relay';
import { estimateTokens } from '../translate/token-usage';
import { ChatStreamToResponseEvents, ResponseEvent } from './response-events';
import { ResponseFrame, responseFromChat, ResponseUsage, responseUsageOf } from './response-object';

/** `event: <type>` and `data: <json>`, as OpenAI frames the Responses stream. */
export function encodeResponseEvent(e: ResponseEvent): string {
  return `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
}

/**
 * Answers in the Responses API's format (POST /v1/responses), whatever the upstream spoke: the chat
 * pipeline routes, meters and relays; this turns its completion or chunks into a Response and its events.
 */
export function responsesOutput(frame: ResponseFrame, promptTokens: number, keep?: KeepResponse): ChatOutput {
  return {
    json: async (reply, completion, _raw, cost) => {
      // The usage the call was billed for: the upstream's, or the count ChatService books when it reported none.
      const usage = responseUsageOf(completion.usage) ?? estimatedUsage(promptTokens, completion);
      const body = responseFromChat(frame, completion, usage);
      // Stored before the answer leaves, so a retrieval or a next turn right after it (on any instance) finds it.
      if (keep) await keep(body);
      await reply.status(200).header('x-tollgate-cost', String(cost)).type('application/json').send(JSON.stringify(body));
    },
    stream: (reply) => new ResponsesStreamWriter(reply, new ChatStreamToResponseEvents(frame, promptTokens), keep),
  };
}

/** Stores a finished Response (store: true); never throws. */
export type KeepResponse = (response: Record<string, unknown>) => Promise<void>;

/** The Response a terminal event carries, when it finished (completed or incomplete); failed ones are not kept. */
function finished(events: ResponseEvent[]): Record<string, unknown> | null {
  const last = events.at(-1);
  return last && (last.type === 'response.completed' || last.type === 'response.incomplete') ? (last.response as Record<string, unknown>) : null;
}

/** As ChatService estimates a plain answer without usage: the prompt's estimate, and the answer's text at four characters a token. */
function estimatedUsage(promptTokens: number, completion: Record<string, unknown>): ResponseUsage {
  const choices = (completion.choices ?? []) as { message?: { content?: string | null } }[];
  const chars = choices.reduce((n, c) => n + (c.message?.content?.length ?? 0), 0);
  return responseUsageOf({ prompt_tokens: promptTokens, completion_tokens: estimateTokens(chars) })!;
}

class ResponsesStreamWriter implements StreamWriter {
  /** The last events' write, after the response is stored: the stream ends only once it is done. */
  private finishing: Promise<void> = Promise.resolve();

  constructor(
    private readonly reply: Reply,
    private readonly events: ChatStreamToResponseEvents,
    private readonly keep?: KeepResponse,
  ) {}

  open(): void {
    openEventStream(this.reply);
  }

  chunk(data: string): void | Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    const events = this.events.push(parsed);
    if (events.length) return write(this.reply, events.map(encodeResponseEvent).join(''));
  }

  done(): void {
    const events = this.events.end();
    const response = this.keep ? finished(events) : null;
    // Stored before response.completed goes out, so a next turn right after it finds it.
    this.finishing = (async () => {
      if (response) await this.keep!(response);
      if (events.length) await write(this.reply, events.map(encodeResponseEvent).join(''));
    })().catch(() => undefined);
  }

  cut(error: GatewayError): void {
    void write(this.reply, this.events.fail(error.message).map(encodeResponseEvent).join(''));
  }

  end(): void {
    void this.finishing.finally(() => {
      if (!this.reply.raw.destroyed) this.reply.raw.end();
    });
  }
}
