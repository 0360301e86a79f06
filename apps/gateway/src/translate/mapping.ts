/** Small shared mappings between the two wire formats: stop reasons, usage, ids, tool input JSON, block guards. */
import type { AnthropicStopReason, AnthropicTextBlock, AnthropicToolUseBlock, AnthropicUsage } from './anthropic-types';
import type { OpenAiFinishReason, OpenAiUsage } from './openai-types';

export function finishReasonFromAnthropic(reason: AnthropicStopReason | string | null | undefined): OpenAiFinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      // end_turn, stop_sequence, pause_turn (the turn paused; nothing more follows in this response), null.
      return 'stop';
  }
}

export function stopReasonFromOpenAi(reason: OpenAiFinishReason | string | null | undefined): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'content_filter':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);

/** Anthropic counts cache reads and writes apart from `input_tokens`; OpenAI's `prompt_tokens` includes them. */
export function openAiUsageFromAnthropic(u: { [K in keyof AnthropicUsage]?: number | null } | null | undefined): OpenAiUsage {
  const cacheRead = count(u?.cache_read_input_tokens);
  const prompt = count(u?.input_tokens) + cacheRead + count(u?.cache_creation_input_tokens);
  const completion = count(u?.output_tokens);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cacheRead },
  };
}

/** The inverse of {@link openAiUsageFromAnthropic}: cached tokens move out of `input_tokens`. */
export function anthropicUsageFromOpenAi(u: Partial<OpenAiUsage> | null | undefined): Required<AnthropicUsage> {
  const prompt = count(u?.prompt_tokens);
  const cached = Math.min(prompt, count(u?.prompt_tokens_details?.cached_tokens));
  return {
    input_tokens: prompt - cached,
    output_tokens: count(u?.completion_tokens),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

/** `msg_01Abc` → `chatcmpl-01Abc`, keeping the upstream id traceable. */
export function openAiIdFrom(anthropicId: unknown): string {
  const id = typeof anthropicId === 'string' && anthropicId ? anthropicId : randomSuffix();
  return `chatcmpl-${id.replace(/^msg_/, '')}`;
}

/** `chatcmpl-abc` → `msg_abc`. */
export function anthropicIdFrom(openAiId: unknown): string {
  const id = typeof openAiId === 'string' && openAiId ? openAiId : randomSuffix();
  return `msg_${id.replace(/^chatcmpl-/, '')}`;
}

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 14).padEnd(12, '0');
}

/** Parses tool arguments into the JSON object Anthropic's `input` must be; `""` means no arguments. */
export function parseToolInput(args: unknown): Record<string, unknown> | undefined {
  if (args === undefined || args === null || (typeof args === 'string' && args.trim() === '')) return {};
  if (typeof args !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function isTextBlock(b: unknown): b is AnthropicTextBlock {
  return isRecord(b) && b.type === 'text' && typeof b.text === 'string';
}

export function isToolUseBlock(b: unknown): b is AnthropicToolUseBlock {
  return isRecord(b) && b.type === 'tool_use' && typeof b.id === 'string' && typeof b.name === 'string';
}

/** Seconds since the epoch, as OpenAI's `created`. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
