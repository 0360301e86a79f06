/**
 * The subset of OpenAI's Chat Completions wire format the translators read and write.
 * Field names follow `openai/resources/chat/completions` and the OpenAPI spec; request types are
 * deliberately loose (bodies are client JSON), response types are exact enough to validate against the spec.
 */

export interface OpenAiTextPart {
  type: 'text';
  text: string;
}

export interface OpenAiImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export interface OpenAiFilePart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
}

export interface OpenAiRefusalPart {
  type: 'refusal';
  refusal: string;
}

export type OpenAiContentPart = OpenAiTextPart | OpenAiImagePart | OpenAiFilePart | { type: 'input_audio'; input_audio: unknown };

export interface OpenAiFunctionCall {
  name: string;
  arguments: string;
}

export interface OpenAiToolCall {
  id: string;
  type: 'function';
  function: OpenAiFunctionCall;
}

/** A custom (free-form) tool call, which the translators reject or skip. */
export interface OpenAiCustomToolCall {
  id: string;
  type: 'custom';
  custom: unknown;
}

export interface OpenAiMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';
  content?: string | Array<OpenAiContentPart | OpenAiRefusalPart> | null;
  name?: string;
  tool_calls?: Array<OpenAiToolCall | OpenAiCustomToolCall> | null;
  tool_call_id?: string;
  refusal?: string | null;
}

export interface OpenAiFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

export type OpenAiToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } }
  | { type: 'allowed_tools'; allowed_tools: { mode: 'auto' | 'required'; tools: Array<Record<string, unknown>> } }
  | { type: 'custom'; custom: { name: string } };

export interface OpenAiChatRequest {
  model: string;
  messages: OpenAiMessage[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  tools?: Array<OpenAiFunctionTool | { type: 'custom'; custom: unknown }>;
  tool_choice?: OpenAiToolChoice;
  parallel_tool_calls?: boolean;
  n?: number | null;
  user?: string;
  safety_identifier?: string | null;
  response_format?:
    | { type: 'text' }
    | { type: 'json_object' }
    | { type: 'json_schema'; json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean | null } };
  reasoning_effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max' | null;
  functions?: unknown;
  function_call?: unknown;
}

export interface OpenAiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number; audio_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number; audio_tokens?: number; accepted_prediction_tokens?: number; rejected_prediction_tokens?: number };
}

export type OpenAiFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

export interface OpenAiChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string | null; refusal: string | null; tool_calls?: Array<OpenAiToolCall | OpenAiCustomToolCall> };
    logprobs: unknown;
    finish_reason: OpenAiFinishReason;
  }>;
  usage?: OpenAiUsage;
  system_fingerprint?: string;
}

export interface OpenAiToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface OpenAiDelta {
  role?: 'assistant';
  content?: string | null;
  refusal?: string | null;
  tool_calls?: OpenAiToolCallDelta[];
}

export interface OpenAiChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{ index: number; delta: OpenAiDelta; logprobs?: null; finish_reason: OpenAiFinishReason | null }>;
  usage?: OpenAiUsage | null;
  system_fingerprint?: string;
}

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}
