/** Anthropic Messages request → OpenAI Chat Completions request, and OpenAI `chat.completion` → Anthropic `message`. */
import { convertAnthropicMessages } from './anthropic-messages';
import type { AnthropicMessage, AnthropicRequest, AnthropicResponseBlock } from './anthropic-types';
import { anthropicIdFrom, anthropicUsageFromOpenAi, isRecord, parseToolInput, stopReasonFromOpenAi } from './mapping';
import type { OpenAiChatCompletion, OpenAiChatRequest, OpenAiFunctionTool, OpenAiToolChoice } from './openai-types';
import { TranslateError } from './translate-error';

export interface ToOpenAiOptions {
  /**
   * Where Anthropic's `max_tokens` goes. Default `max_completion_tokens` (the current field; the only one
   * OpenAI's reasoning models accept); `max_tokens` for older OpenAI-compatible servers.
   */
  maxTokensField?: 'max_completion_tokens' | 'max_tokens';
}

/** Builds the OpenAI chat body for an Anthropic Messages request, addressed to `upstreamModel`. */
export function toOpenAiRequest(body: AnthropicRequest, upstreamModel: string, opts: ToOpenAiOptions = {}): OpenAiChatRequest {
  const out: OpenAiChatRequest = { model: upstreamModel, messages: convertAnthropicMessages(body.system, body.messages) };
  if (typeof body.max_tokens === 'number') out[opts.maxTokensField ?? 'max_completion_tokens'] = body.max_tokens;
  if (typeof body.temperature === 'number') out.temperature = body.temperature;
  if (typeof body.top_p === 'number') out.top_p = body.top_p;
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0) out.stop = body.stop_sequences;
  if (body.stream === true) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  Object.assign(out, toolParams(body));
  const user = body.metadata?.user_id;
  if (typeof user === 'string' && user) out.user = user;
  const format = body.output_config?.format;
  if (isRecord(format) && format.type === 'json_schema' && isRecord(format.schema)) {
    out.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: format.schema, strict: true } };
  }
  const effort = body.output_config?.effort;
  if (typeof effort === 'string') out.reasoning_effort = effort;
  return out;
}

function toolParams(body: AnthropicRequest): Pick<OpenAiChatRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'> {
  const raw = body.tools;
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) throw new TranslateError('tools: Input should be a valid list', 'tools');
  if (raw.length === 0) return {};
  const tools = raw.map((t: unknown, i): OpenAiFunctionTool => {
    if (!isRecord(t) || typeof t.name !== 'string' || (t.type !== undefined && t.type !== null && t.type !== 'custom')) {
      throw new TranslateError(`tools.${i}: only client tools (name, description, input_schema) can be sent to this model`, `tools.${i}`);
    }
    const fn: OpenAiFunctionTool['function'] = { name: t.name, parameters: isRecord(t.input_schema) ? t.input_schema : { type: 'object', properties: {} } };
    if (typeof t.description === 'string') fn.description = t.description;
    if (typeof t.strict === 'boolean') fn.strict = t.strict;
    return { type: 'function', function: fn };
  });
  const out: Pick<OpenAiChatRequest, 'tools' | 'tool_choice' | 'parallel_tool_calls'> = { tools };
  const choice: unknown = body.tool_choice;
  if (isRecord(choice)) {
    out.tool_choice = toolChoiceOf(choice);
    if (choice.disable_parallel_tool_use === true && choice.type !== 'none') out.parallel_tool_calls = false;
  }
  return out;
}

function toolChoiceOf(choice: Record<string, unknown>): OpenAiToolChoice {
  switch (choice.type) {
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'none':
      return 'none';
    case 'tool':
      if (typeof choice.name === 'string') return { type: 'function', function: { name: choice.name } };
  }
  throw new TranslateError("tool_choice: Input should be 'auto', 'any', 'none' or a named tool", 'tool_choice');
}

/** An OpenAI `chat.completion` as an Anthropic `message` under the model name the client asked for. */
export function fromOpenAiResponse(completion: OpenAiChatCompletion, requestedModel: string): AnthropicMessage {
  const choice = Array.isArray(completion.choices) ? completion.choices[0] : undefined;
  const message = choice?.message;
  const content: AnthropicResponseBlock[] = [];
  const text = (typeof message?.content === 'string' ? message.content : '') || (typeof message?.refusal === 'string' ? message.refusal : '');
  if (text) content.push({ type: 'text', text });
  for (const call of Array.isArray(message?.tool_calls) ? message.tool_calls : []) {
    if (!isRecord(call) || !isRecord(call.function)) continue;
    // Arguments the model left invalid (e.g. cut off by the token limit) cannot become an object: `{}`.
    const input = parseToolInput(call.function.arguments) ?? {};
    content.push({ type: 'tool_use', id: String(call.id), name: String(call.function.name), input });
  }
  const hasTools = content.some((b) => b.type === 'tool_use');
  const finish = choice?.finish_reason;
  return {
    id: anthropicIdFrom(completion.id),
    type: 'message',
    role: 'assistant',
    model: requestedModel,
    content,
    // Some OpenAI-compatible servers say "stop" after tool calls.
    stop_reason: hasTools && (finish === 'stop' || !finish) ? 'tool_use' : stopReasonFromOpenAi(finish),
    stop_sequence: null,
    usage: anthropicUsageFromOpenAi(completion.usage),
  };
}
