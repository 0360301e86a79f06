/** A Responses API request → the chat-completions request the routed upstream gets (pure; TranslateError names what cannot be bridged). */
import { TranslateError } from '../translate/translate-error';
import type { ResponsesRequest } from './responses.request';

type Json = Record<string, unknown>;
type ChatMessage = Json & { role: string };

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const BUILT_IN =
  'only function tools can be bridged to chat completions; built-in tools (web search, file search, code interpreter, computer use, MCP, image generation, shell) are not supported';

/** The chat request for `req`; the model stays the caller's (the chat pipeline resolves it). */
export function toChatRequest(req: ResponsesRequest): Json {
  const body: Json = { model: req.model, messages: chatMessages(req) };
  if (req.stream) {
    body.stream = true;
    // Usage always: response.completed carries it.
    body.stream_options = { include_usage: true };
  }
  const tools = chatTools(req.tools);
  if (tools) body.tools = tools;
  if (req.tool_choice !== undefined && req.tool_choice !== null) body.tool_choice = chatToolChoice(req.tool_choice);
  if (req.parallel_tool_calls != null && tools) body.parallel_tool_calls = req.parallel_tool_calls;
  if (req.max_output_tokens != null) body.max_completion_tokens = req.max_output_tokens;
  if (req.temperature != null) body.temperature = req.temperature;
  if (req.top_p != null) body.top_p = req.top_p;
  const format = req.text?.format;
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    const { name, schema, description, strict } = format;
    body.response_format = {
      type: 'json_schema',
      json_schema: { name, schema, ...(description !== undefined ? { description } : {}), ...(strict != null ? { strict } : {}) },
    };
  }
  if (req.text?.verbosity) body.verbosity = req.text.verbosity;
  if (req.reasoning?.effort) body.reasoning_effort = req.reasoning.effort;
  for (const key of ['user', 'safety_identifier', 'prompt_cache_key', 'service_tier'] as const) if (req[key] != null) body[key] = req[key];
  return body;
}

function chatMessages(req: ResponsesRequest): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (req.instructions) messages.push({ role: 'system', content: req.instructions });
  if (typeof req.input === 'string') {
    messages.push({ role: 'user', content: req.input });
    return messages;
  }
  req.input.forEach((item, i) => addItem(messages, item, `input[${i}]`));
  if (messages.length === 0) throw new TranslateError("'input' must contain at least one item.", 'input');
  return messages;
}

function addItem(messages: ChatMessage[], item: unknown, at: string): void {
  if (!isRecord(item)) throw new TranslateError(`Invalid '${at}': an input item must be an object.`, at);
  const type = item.type ?? 'message';
  switch (type) {
    case 'message':
      messages.push(message(item, at));
      return;
    case 'function_call': {
      const call = {
        id: str(item.call_id, `${at}.call_id`),
        type: 'function',
        function: { name: str(item.name, `${at}.name`), arguments: str(item.arguments, `${at}.arguments`) },
      };
      const last = messages.at(-1);
      // Parallel calls (and the text before them) are one assistant turn in chat completions.
      if (last?.role === 'assistant') last.tool_calls = [...((last.tool_calls as unknown[] | undefined) ?? []), call];
      else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
      return;
    }
    case 'function_call_output':
      messages.push({ role: 'tool', tool_call_id: str(item.call_id, `${at}.call_id`), content: toolOutput(item.output, `${at}.output`) });
      return;
    case 'item_reference':
      throw new TranslateError(
        `'${at}': item references are not supported yet; send the item itself, or continue a stored response with 'previous_response_id'.`,
        `${at}.type`,
      );
    default:
      throw new TranslateError(
        `'${at}': input items of type '${String(type)}' are not supported; use messages, 'function_call' and 'function_call_output'.`,
        `${at}.type`,
      );
  }
}

function message(item: Json, at: string): ChatMessage {
  const role = item.role;
  if (role !== 'user' && role !== 'assistant' && role !== 'system' && role !== 'developer') {
    throw new TranslateError(`Invalid '${at}.role': expected one of 'user', 'assistant', 'system', 'developer'.`, `${at}.role`);
  }
  // 'developer' is OpenAI's newer name for 'system'; every chat upstream (and the Anthropic translation) takes 'system'.
  const chatRole = role === 'developer' ? 'system' : role;
  const content = item.content;
  if (typeof content === 'string') return { role: chatRole, content };
  if (!Array.isArray(content)) throw new TranslateError(`Invalid '${at}.content': expected a string or an array of content parts.`, `${at}.content`);
  if (role === 'assistant') return { role: chatRole, content: content.map((p, j) => assistantText(p, `${at}.content[${j}]`)).join('') };
  const parts = content.map((p, j) => inputPart(p, `${at}.content[${j}]`));
  if (chatRole === 'system' && parts.some((p) => p.type !== 'text'))
    throw new TranslateError(`'${at}': ${String(role)} messages may only hold text.`, `${at}.content`);
  return { role: chatRole, content: parts };
}

function assistantText(part: unknown, at: string): string {
  if (isRecord(part) && (part.type === 'output_text' || part.type === 'input_text')) return str(part.text, `${at}.text`);
  if (isRecord(part) && part.type === 'refusal') return str(part.refusal, `${at}.refusal`);
  throw new TranslateError(`Invalid '${at}': assistant messages hold 'output_text' or 'refusal' parts.`, `${at}.type`);
}

function inputPart(part: unknown, at: string): Json {
  if (!isRecord(part)) throw new TranslateError(`Invalid '${at}': a content part must be an object.`, at);
  if (part.type === 'input_text') return { type: 'text', text: str(part.text, `${at}.text`) };
  if (part.type === 'input_image') {
    if (typeof part.image_url !== 'string' || !part.image_url) {
      throw new TranslateError(`'${at}': images by 'file_id' are not supported; send 'image_url' (a URL or a data URL).`, `${at}.image_url`);
    }
    const detail = part.detail === 'low' || part.detail === 'high' || part.detail === 'auto' ? part.detail : 'auto';
    return { type: 'image_url', image_url: { url: part.image_url, detail } };
  }
  throw new TranslateError(`'${at}': content parts of type '${String(part.type)}' are not supported; use 'input_text' and 'input_image'.`, `${at}.type`);
}

function toolOutput(output: unknown, at: string): string | Json[] {
  if (typeof output === 'string') return output;
  if (!Array.isArray(output)) throw new TranslateError(`Invalid '${at}': expected a string or an array of 'input_text' parts.`, at);
  return output.map((p, j) => {
    if (isRecord(p) && p.type === 'input_text') return { type: 'text', text: str(p.text, `${at}[${j}].text`) };
    throw new TranslateError(`'${at}[${j}]': a function call's output may only hold text when bridged to chat completions.`, `${at}[${j}].type`);
  });
}

function chatTools(tools: unknown[] | null | undefined): Json[] | null {
  if (!tools || tools.length === 0) return null;
  return tools.map((tool, i) => {
    const at = `tools[${i}]`;
    if (!isRecord(tool)) throw new TranslateError(`Invalid '${at}': a tool must be an object.`, at);
    if (tool.type !== 'function') throw new TranslateError(`Tool type '${String(tool.type)}' is not supported: ${BUILT_IN}.`, `${at}.type`);
    const fn: Json = { name: str(tool.name, `${at}.name`) };
    if (typeof tool.description === 'string') fn.description = tool.description;
    if (isRecord(tool.parameters)) fn.parameters = tool.parameters;
    if (typeof tool.strict === 'boolean') fn.strict = tool.strict;
    return { type: 'function', function: fn };
  });
}

function chatToolChoice(choice: unknown): unknown {
  if (choice === 'none' || choice === 'auto' || choice === 'required') return choice;
  if (isRecord(choice) && choice.type === 'function' && typeof choice.name === 'string') return { type: 'function', function: { name: choice.name } };
  throw new TranslateError(`Invalid 'tool_choice': expected 'none', 'auto', 'required' or {"type": "function", "name": ...}; ${BUILT_IN}.`, 'tool_choice');
}

function str(v: unknown, at: string): string {
  if (typeof v !== 'string') throw new TranslateError(`Invalid '${at}': expected a string.`, at);
  return v;
}
