export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  /** True when the upstream reported nothing and the gateway counted. */
  estimated: boolean;
}

interface OpenAiUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

const int = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);

export function fromOpenAiUsage(raw: unknown): TokenUsage | null {
  if (!raw || typeof raw !== 'object') return null;
  const u = raw as OpenAiUsage;
  return {
    promptTokens: int(u.prompt_tokens),
    completionTokens: int(u.completion_tokens),
    cachedTokens: int(u.prompt_tokens_details?.cached_tokens),
    estimated: false,
  };
}

/** The gateway's own count when there is no upstream figure: about four characters a token. */
export function estimateTokens(chars: number): number {
  return chars <= 0 ? 0 : Math.ceil(chars / 4);
}

/** What an image part counts for in the worst case: about 1,600 tokens (a large image on either provider). */
const IMAGE_CHARS = 4 * 1600;

/** Characters the tool definitions add to a prompt (they are sent to the model as text). */
export function toolChars(tools: unknown): number {
  return Array.isArray(tools) && tools.length ? JSON.stringify(tools).length : 0;
}

/** Characters of text a chat request sends: message contents, text parts, tool arguments; images at their worst case. */
export function promptChars(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let chars = 0;
  for (const m of messages) {
    const content = (m as { content?: unknown })?.content;
    if (typeof content === 'string') chars += content.length;
    else if (Array.isArray(content)) {
      for (const part of content) {
        const text = (part as { text?: unknown })?.text;
        if (typeof text === 'string') chars += text.length;
        const type = (part as { type?: unknown })?.type;
        if (type === 'image_url' || type === 'image' || type === 'input_image') chars += IMAGE_CHARS;
      }
    }
    const calls = (m as { tool_calls?: { function?: { arguments?: string } }[] })?.tool_calls;
    if (Array.isArray(calls)) for (const c of calls) chars += c.function?.arguments?.length ?? 0;
  }
  return chars;
}
