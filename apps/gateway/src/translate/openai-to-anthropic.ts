/** OpenAI Chat Completions request → Anthropic Messages request, and Anthropic `message` → OpenAI `chat.completion`. */
import type { AnthropicEffort, AnthropicMessage, AnthropicRequest, AnthropicTool, AnthropicToolChoice } from './anthropic-types';
import { finishReasonFromAnthropic, isRecord, isTextBlock, isToolUseBlock, nowSeconds, openAiIdFrom, openAiUsageFromAnthropic } from './mapping';
import { convertOpenAiMessages } from './openai-messages';
import type { OpenAiChatCompletion, OpenAiChatRequest, OpenAiToolCall } from './openai-types';
import { TranslateError } from './translate-error';

export const DEFAULT_MAX_TOKENS = 4096;

export interface ToAnthropicOptions {
  /** `max_tokens` when the client sets neither `max_tokens` nor `max_completion_tokens` (Anthropic requires one). */
  defaultMaxTokens?: number;
  /**
   * Leave out `temperature` and `top_p`. Newer Claude models reject them (SDK 1.x no longer types them);
   * set this for routes to such models. Default false: forwarded, temperature clamped to Anthropic's 0..1.
   */
  dropSampling?: boolean;
}

/**
 * Builds the Anthropic Messages body for an OpenAI chat request whose `model` is already the upstream model.
 * Throws {@link TranslateError} for what Anthropic cannot express (n > 1, legacy functions, audio, custom tools, ...).
 */
export function toAnthropicRequest(body: OpenAiChatRequest, opts: ToAnthropicOptions = {}): AnthropicRequest {
  if (typeof body.n === 'number' && body.n > 1) throw new TranslateError('n > 1 is not supported for this model.', 'n');
  if (body.functions !== undefined || body.function_call !== undefined) {
    throw new TranslateError("Legacy 'functions' are not supported for this model; use 'tools'.", body.functions !== undefined ? 'functions' : 'function_call');
  }
  const { system, messages } = convertOpenAiMessages(body.messages);
  const out: AnthropicRequest = { model: body.model, max_tokens: maxTokensOf(body, opts), messages };
  if (system.length > 0) out.system = system.length === 1 ? system[0].text : system;
  if (typeof body.temperature === 'number' && !opts.dropSampling) out.temperature = Math.min(1, Math.max(0, body.temperature));
  if (typeof body.top_p === 'number' && !opts.dropSampling) out.top_p = body.top_p;
  const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : [];
  const stops = stop.filter((s): s is string => typeof s === 'string' && s.length > 0);
  if (stops.length > 0) out.stop_sequences = stops;
  if (typeof body.stream === 'boolean') out.stream = body.stream;
  Object.assign(out, toolParams(body));
  const user = body.user ?? body.safety_identifier;
  if (typeof user === 'string' && user) out.metadata = { user_id: user };
  const output = outputConfig(body);
  if (output) out.output_config = output;
  return out;
}

function maxTokensOf(body: OpenAiChatRequest, opts: ToAnthropicOptions): number {
  const n = body.max_completion_tokens ?? body.max_tokens;
  if (typeof n === 'number' && Number.isInteger(n) && n > 0) return n;
  return opts.defaultMaxTokens ?? DEFAULT_MAX_TOKENS;
}

function toolParams(body: OpenAiChatRequest): Pick<AnthropicRequest, 'tools' | 'tool_choice'> {
  const raw = body.tools;
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) throw new TranslateError("'tools' must be an array.", 'tools');
  let tools = raw.map(toolOf);
  if (tools.length === 0) return {};
  const choice = body.tool_choice;
  let out: AnthropicToolChoice | undefined;
  if (isRecord(choice) && choice.type === 'allowed_tools') {
    const allowed = choice.allowed_tools;
    const names = new Set(
      (isRecord(allowed) && Array.isArray(allowed.tools) ? allowed.tools : []).map((t: unknown) =>
        isRecord(t) && isRecord(t.function) ? t.function.name : undefined,
      ),
    );
    tools = tools.filter((t) => names.has(t.name));
    out = { type: isRecord(allowed) && allowed.mode === 'required' ? 'any' : 'auto' };
  } else {
    out = toolChoiceOf(choice);
  }
  if (body.parallel_tool_calls === false && out?.type !== 'none') out = { ...(out ?? { type: 'auto' }), disable_parallel_tool_use: true };
  return out ? { tools, tool_choice: out } : { tools };
}

function toolOf(tool: unknown, i: number): AnthropicTool {
  const fn = isRecord(tool) ? tool.function : undefined;
  if (!isRecord(tool) || tool.type !== 'function' || !isRecord(fn) || typeof fn.name !== 'string') {
    throw new TranslateError(`Only function tools can be sent to this model (tools[${i}]).`, `tools[${i}]`);
  }
  const out: AnthropicTool = { name: fn.name, input_schema: isRecord(fn.parameters) ? fn.parameters : { type: 'object', properties: {} } };
  if (typeof fn.description === 'string') out.description = fn.description;
  if (typeof fn.strict === 'boolean') out.strict = fn.strict;
  return out;
}

function toolChoiceOf(choice: unknown): AnthropicToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  if (isRecord(choice) && choice.type === 'function' && isRecord(choice.function) && typeof choice.function.name === 'string') {
    return { type: 'tool', name: choice.function.name };
  }
  throw new TranslateError('This tool_choice cannot be sent to this model.', 'tool_choice');
}

const EFFORT: Record<string, AnthropicEffort> = { minimal: 'low', low: 'low', medium: 'medium', high: 'high', xhigh: 'xhigh', max: 'max' };

/** `response_format: json_schema` → `output_config.format`; `reasoning_effort` → `output_config.effort`. */
function outputConfig(body: OpenAiChatRequest): AnthropicRequest['output_config'] | undefined {
  const out: NonNullable<AnthropicRequest['output_config']> = {};
  const rf = body.response_format;
  if (isRecord(rf) && rf.type === 'json_schema' && isRecord(rf.json_schema) && isRecord(rf.json_schema.schema)) {
    out.format = { type: 'json_schema', schema: rf.json_schema.schema };
  }
  const effort = typeof body.reasoning_effort === 'string' ? EFFORT[body.reasoning_effort] : undefined;
  if (effort) out.effort = effort;
  return out.format || out.effort ? out : undefined;
}

/** An Anthropic `message` as an OpenAI `chat.completion` under the model name the client asked for. */
export function fromAnthropicResponse(msg: AnthropicMessage, requestedModel: string, created: number = nowSeconds()): OpenAiChatCompletion {
  let text = '';
  const toolCalls: OpenAiToolCall[] = [];
  for (const block of Array.isArray(msg.content) ? msg.content : []) {
    if (isTextBlock(block)) text += block.text;
    else if (isToolUseBlock(block)) {
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
  }
  const message: OpenAiChatCompletion['choices'][number]['message'] = {
    role: 'assistant',
    content: text || toolCalls.length === 0 ? text : null,
    refusal: null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    id: openAiIdFrom(msg.id),
    object: 'chat.completion',
    created,
    model: requestedModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasonFromAnthropic(msg.stop_reason) }],
    usage: openAiUsageFromAnthropic(msg.usage),
  };
}
