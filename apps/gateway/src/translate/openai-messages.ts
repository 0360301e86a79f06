/** OpenAI chat messages → Anthropic `system` + alternating `messages`. */
import type {
  AnthropicContentBlockParam,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from './anthropic-types';
import { isRecord, isTextBlock, parseToolInput } from './mapping';
import { TranslateError } from './translate-error';

export interface ConvertedMessages {
  system: AnthropicTextBlock[];
  messages: AnthropicMessageParam[];
}

type Role = 'user' | 'assistant';
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** System and developer messages, wherever they stand, become the top-level `system`; same-role turns are merged. */
export function convertOpenAiMessages(messages: unknown): ConvertedMessages {
  if (!Array.isArray(messages)) throw new TranslateError("'messages' must be an array.", 'messages');
  const system: AnthropicTextBlock[] = [];
  const turns: Array<{ role: Role; content: AnthropicContentBlockParam[] }> = [];
  const push = (role: Role, blocks: AnthropicContentBlockParam[]): void => {
    if (blocks.length === 0) return;
    const last = turns[turns.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: [...blocks] });
  };
  messages.forEach((m: unknown, i) => {
    const at = `messages[${i}]`;
    if (!isRecord(m)) throw new TranslateError(`Invalid message at ${at}.`, at);
    switch (m.role) {
      case 'system':
      case 'developer':
        return void system.push(...textBlocks(m.content, `${at}.content`));
      case 'user':
        return push('user', userBlocks(m.content, `${at}.content`));
      case 'assistant':
        return push('assistant', assistantBlocks(m, at));
      case 'tool':
        return push('user', [toolResult(m, at)]);
      default:
        throw new TranslateError(`Messages with role '${String(m.role)}' cannot be sent to this model.`, `${at}.role`);
    }
  });
  return { system, messages: turns.map(finishTurn) };
}

/** Tool results lead their user turn (Anthropic's rule); a lone plain text block collapses to a string. */
function finishTurn(turn: { role: Role; content: AnthropicContentBlockParam[] }): AnthropicMessageParam {
  const results = turn.content.filter((b) => b.type === 'tool_result');
  const content = results.length > 0 ? [...results, ...turn.content.filter((b) => b.type !== 'tool_result')] : turn.content;
  const only = content[0];
  if (content.length === 1 && isTextBlock(only) && only.cache_control === undefined) return { role: turn.role, content: only.text };
  return { role: turn.role, content };
}

function textBlocks(content: unknown, at: string): AnthropicTextBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  if (!Array.isArray(content)) throw new TranslateError(`Invalid content at ${at}.`, at);
  return content.flatMap((part: unknown, j) => {
    if (isRecord(part) && (part.type === 'text' || part.type === 'refusal')) {
      const text = part.type === 'text' ? part.text : part.refusal;
      if (typeof text !== 'string') throw new TranslateError(`Invalid text part at ${at}[${j}].`, `${at}[${j}]`);
      return text ? [{ type: 'text' as const, text }] : [];
    }
    throw new TranslateError(`Only text parts are allowed at ${at}.`, `${at}[${j}]`);
  });
}

function userBlocks(content: unknown, at: string): AnthropicContentBlockParam[] {
  if (!Array.isArray(content)) return textBlocks(content, at);
  return content.flatMap((part: unknown, j): AnthropicContentBlockParam[] => {
    const where = `${at}[${j}]`;
    if (!isRecord(part)) throw new TranslateError(`Invalid content part at ${where}.`, where);
    if (part.type === 'text') return textBlocks([part], at);
    if (part.type === 'image_url') return [imageBlock(part.image_url, where)];
    if (part.type === 'file') return [documentBlock(part.file, where)];
    throw new TranslateError(`Content parts of type '${String(part.type)}' cannot be sent to this model.`, `${where}.type`);
  });
}

interface DataUrl {
  mediaType: string;
  base64: boolean;
  data: string;
}

export function parseDataUrl(url: string): DataUrl | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma === -1) return undefined;
  const params = url.slice(5, comma).split(';');
  return { mediaType: (params[0] || 'text/plain').toLowerCase(), base64: params.includes('base64'), data: url.slice(comma + 1) };
}

function imageBlock(image: unknown, at: string): AnthropicImageBlock {
  const url = typeof image === 'string' ? image : isRecord(image) ? image.url : undefined;
  if (typeof url !== 'string' || url.length === 0) throw new TranslateError(`Missing image_url.url at ${at}.`, `${at}.image_url.url`);
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  const parsed = parseDataUrl(url);
  const mediaType = parsed?.mediaType === 'image/jpg' ? 'image/jpeg' : parsed?.mediaType;
  if (!parsed || !parsed.base64 || !mediaType || !IMAGE_TYPES.has(mediaType)) {
    throw new TranslateError(`Images must be http(s) URLs or base64 data URLs of type jpeg, png, gif or webp (${at}).`, `${at}.image_url.url`);
  }
  return { type: 'image', source: { type: 'base64', media_type: mediaType as 'image/png', data: parsed.data } };
}

/** `file_data` as a PDF (or plain-text) data URL, or bare base64 PDF; OpenAI `file_id`s mean nothing upstream. */
function documentBlock(file: unknown, at: string): AnthropicDocumentBlock {
  const data = isRecord(file) ? file.file_data : undefined;
  if (typeof data !== 'string' || data.length === 0)
    throw new TranslateError(`Only inline file_data (PDF or plain text) can be sent to this model (${at}).`, `${at}.file`);
  const title = isRecord(file) && typeof file.filename === 'string' ? { title: file.filename } : {};
  const parsed = parseDataUrl(data) ?? { mediaType: 'application/pdf', base64: true, data };
  if (parsed.mediaType === 'application/pdf' && parsed.base64) {
    return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: parsed.data }, ...title };
  }
  if (parsed.mediaType === 'text/plain') {
    const text = parsed.base64 ? Buffer.from(parsed.data, 'base64').toString('utf8') : decodeURIComponent(parsed.data);
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: text }, ...title };
  }
  throw new TranslateError(`Files of type '${parsed.mediaType}' cannot be sent to this model (${at}).`, `${at}.file.file_data`);
}

function assistantBlocks(m: Record<string, unknown>, at: string): AnthropicContentBlockParam[] {
  if (m.function_call) throw new TranslateError(`Legacy 'function_call' messages are not supported; use 'tool_calls' (${at}).`, `${at}.function_call`);
  const blocks: AnthropicContentBlockParam[] = textBlocks(m.content, `${at}.content`);
  const calls = m.tool_calls;
  if (calls === undefined || calls === null) return blocks;
  if (!Array.isArray(calls)) throw new TranslateError(`Invalid tool_calls at ${at}.`, `${at}.tool_calls`);
  calls.forEach((call: unknown, j) => blocks.push(toolUse(call, `${at}.tool_calls[${j}]`)));
  return blocks;
}

function toolUse(call: unknown, at: string): AnthropicToolUseBlock {
  const fn = isRecord(call) ? call.function : undefined;
  if (!isRecord(call) || typeof call.id !== 'string' || !isRecord(fn) || typeof fn.name !== 'string') {
    throw new TranslateError(`Invalid tool call at ${at}: 'id' and 'function.name' are required.`, at);
  }
  const input = parseToolInput(fn.arguments);
  if (!input) throw new TranslateError(`Tool call arguments at ${at} must be a JSON object.`, `${at}.function.arguments`);
  return { type: 'tool_use', id: call.id, name: fn.name, input };
}

function toolResult(m: Record<string, unknown>, at: string): AnthropicToolResultBlock {
  if (typeof m.tool_call_id !== 'string' || !m.tool_call_id) throw new TranslateError(`Missing tool_call_id at ${at}.`, `${at}.tool_call_id`);
  const texts = textBlocks(m.content, `${at}.content`);
  const block: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: m.tool_call_id };
  if (texts.length === 1) block.content = texts[0].text;
  else if (texts.length > 1) block.content = texts;
  return block;
}
