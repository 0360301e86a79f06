import type { Reply } from '../http/reply';
import { toOpenAiError } from '../errors/error-body';
import type { GatewayError } from '../errors/gateway.error';
import { openAiErrorToAnthropic } from '../translate/anthropic-errors';
import { fromOpenAiResponse } from '../translate/anthropic-to-openai';
import type { OpenAiChatCompletion } from '../translate/openai-types';
import { OpenAiStreamToAnthropic } from '../translate/openai-stream-to-anthropic';
import { encodeEvent } from '../translate/sse';
import type { ChatOutput } from './chat.service';
import { openEventStream, write } from './openai-stream-writer';
import type { StreamWriter } from '../upstream/stream-relay';

/** Answers in Anthropic's Messages format (the /v1/messages surface), whatever the upstream spoke. */
export function anthropicOutput(requestedModel: string, promptTokens: number): ChatOutput {
  return {
    json: async (reply, completion, _raw, cost) => {
      const message = fromOpenAiResponse(completion as unknown as OpenAiChatCompletion, requestedModel);
      await reply.status(200).header('x-tollgate-cost', String(cost)).type('application/json').send(message);
    },
    stream: (reply) => new AnthropicStreamWriter(reply, new OpenAiStreamToAnthropic(requestedModel, { inputTokens: promptTokens })),
  };
}

const PING_EVERY_MS = 15_000;

class AnthropicStreamWriter implements StreamWriter {
  private pinged = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly reply: Reply,
    private readonly translator: OpenAiStreamToAnthropic,
  ) {}

  open(): void {
    openEventStream(this.reply);
    // Keeps idle connections (proxies, load balancers) open during long generations, as Anthropic does.
    this.timer = setInterval(() => void write(this.reply, encodeEvent(OpenAiStreamToAnthropic.ping())), PING_EVERY_MS);
    this.timer.unref();
  }

  chunk(data: string): void | Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    const events = this.translator.push(parsed);
    if (!events.length) return;
    let text = events.map(encodeEvent).join('');
    if (!this.pinged && events[0].event === 'message_start') {
      this.pinged = true;
      text = encodeEvent(events[0]) + encodeEvent(OpenAiStreamToAnthropic.ping()) + events.slice(1).map(encodeEvent).join('');
    }
    return write(this.reply, text);
  }

  done(): void {
    const events = this.translator.finish();
    if (events.length) void write(this.reply, events.map(encodeEvent).join(''));
  }

  cut(error: GatewayError): void {
    const { status, body } = toOpenAiError(error);
    const anthropic = openAiErrorToAnthropic(status, body);
    void write(this.reply, `event: error\ndata: ${JSON.stringify(anthropic)}\n\n`);
  }

  end(): void {
    clearInterval(this.timer);
    if (!this.reply.raw.destroyed) this.reply.raw.end();
  }
}
