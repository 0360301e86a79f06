/**
 * End to end through the translators: each official SDK talks to a minimal translating proxy (what the gateway
 * will do) whose upstream is the mock speaking the *other* wire format. Real HTTP, real SSE framing both ways.
 */
import Anthropic from '@anthropic-ai/sdk';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { startMockUpstream, type MockUpstream } from '../../../mock-upstream/src/mock-upstream';
import { anthropicErrorBody, anthropicErrorToOpenAi, openAiErrorToAnthropic } from './anthropic-errors';
import { AnthropicStreamToOpenAi } from './anthropic-stream-to-openai';
import { fromOpenAiResponse, toOpenAiRequest } from './anthropic-to-openai';
import type { AnthropicMessage, AnthropicRequest } from './anthropic-types';
import { fromAnthropicResponse, toAnthropicRequest } from './openai-to-anthropic';
import { OpenAiStreamToAnthropic } from './openai-stream-to-anthropic';
import type { OpenAiChatCompletion, OpenAiChatRequest } from './openai-types';
import { encodeData, encodeEvent, parseEvent, SSE_DONE, SseSplitter } from './sse';
import { TranslateError } from './translate-error';

const KEY = 'sk-upstream';
const SSE = { 'content-type': 'text/event-stream' };
const upstreamModel = (m: string) => m.replace(/^alias\//, '');
const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  let raw = '';
  for await (const c of req) raw += c;
  return JSON.parse(raw) as Record<string, unknown>;
};
const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

/** Feeds each upstream SSE event to `onEvent`; resolves false if the upstream broke off. */
async function pump(body: ReadableStream<Uint8Array>, onEvent: (e: ReturnType<typeof parseEvent>) => void): Promise<boolean> {
  const splitter = new SseSplitter();
  const decoder = new TextDecoder();
  try {
    for await (const chunk of body) for (const raw of splitter.push(decoder.decode(chunk, { stream: true }))) onEvent(parseEvent(raw));
    return true;
  } catch {
    return false;
  }
}

async function openAiToAnthropic(req: IncomingMessage, res: ServerResponse, mock: MockUpstream): Promise<void> {
  const body = await readJson(req);
  const model = String(body.model);
  let upstreamBody;
  try {
    upstreamBody = toAnthropicRequest({ ...(body as unknown as OpenAiChatRequest), model: upstreamModel(model) });
  } catch (e) {
    if (e instanceof TranslateError) return send(res, 400, { error: { message: e.message, type: 'invalid_request_error', param: e.param, code: null } });
    throw e;
  }
  const up = await fetch(`${mock.origin}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify(upstreamBody),
  });
  if (!up.ok) return send(res, up.status, anthropicErrorToOpenAi(up.status, await up.json()), { 'retry-after': up.headers.get('retry-after') ?? '' });
  if (!upstreamBody.stream) return send(res, 200, fromAnthropicResponse((await up.json()) as AnthropicMessage, model));
  res.writeHead(200, SSE);
  const t = new AnthropicStreamToOpenAi(model);
  const whole = await pump(up.body!, (e) => e.kind === 'json' && t.push(e.value).forEach((item) => res.write(encodeData(item))));
  if (!whole || (!t.done && !t.error)) res.write(encodeData(anthropicErrorToOpenAi(502, 'The upstream provider ended the stream unexpectedly.')));
  res.end(t.done ? SSE_DONE : undefined);
}

async function anthropicToOpenAi(req: IncomingMessage, res: ServerResponse, mock: MockUpstream): Promise<void> {
  const body = await readJson(req);
  const model = String(body.model);
  const openAiBody = toOpenAiRequest(body as unknown as AnthropicRequest, upstreamModel(model));
  const key = model.includes('bad-key') ? 'wrong' : KEY;
  const up = await fetch(`${mock.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(openAiBody),
  });
  if (!up.ok) return send(res, up.status, openAiErrorToAnthropic(up.status, await up.json()), { 'retry-after': up.headers.get('retry-after') ?? '' });
  if (!openAiBody.stream) return send(res, 200, fromOpenAiResponse((await up.json()) as OpenAiChatCompletion, model));
  res.writeHead(200, SSE);
  const t = new OpenAiStreamToAnthropic(model);
  let done = false;
  const whole = await pump(up.body!, (e) => {
    if (e.kind === 'done') done = true;
    const events = e.kind === 'json' ? t.push(e.value) : e.kind === 'done' ? t.finish() : [];
    for (const ev of events) res.write(encodeEvent(ev));
  });
  if (!whole || !done) res.write(encodeEvent({ event: 'error', data: anthropicErrorBody(502, 'The upstream provider ended the stream unexpectedly.') }));
  res.end();
}

describe('translating proxy between the official SDKs and the mock upstream', () => {
  let mock: MockUpstream;
  let proxy: Server;
  let openai: OpenAI;
  let anthropic: Anthropic;

  beforeAll(async () => {
    mock = await startMockUpstream({ apiKey: KEY });
    proxy = createServer((req, res) => {
      const handler = req.url === '/openai/v1/chat/completions' ? openAiToAnthropic : anthropicToOpenAi;
      handler(req, res, mock).catch(() => res.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    openai = new OpenAI({ apiKey: 'client', baseURL: `${origin}/openai/v1`, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: 'client', baseURL: origin, maxRetries: 0 });
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
    await mock.close();
  });

  const user = (content: string) => [{ role: 'user' as const, content }];
  const oaTools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }];
  const anTools: Anthropic.Tool[] = [{ name: 'get_weather', input_schema: { type: 'object', properties: {} } }];

  describe('OpenAI client → Anthropic upstream', () => {
    it('plain: text, requested model name, usage with cached tokens', async () => {
      const res = await openai.chat.completions.create({
        model: 'alias/mock-cached',
        messages: [{ role: 'system', content: 'Be brief.' }, ...user('hi there')],
      });
      expect(res).toMatchObject({
        object: 'chat.completion',
        model: 'alias/mock-cached',
        choices: [{ message: { content: 'Hello from mock-upstream! You said: hi there' }, finish_reason: 'stop' }],
      });
      expect(res.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 7, total_tokens: 12, prompt_tokens_details: { cached_tokens: 2 } });
      expect(mock.requests.at(-1)).toMatchObject({ path: '/v1/messages', body: { model: 'mock-cached', system: 'Be brief.', max_tokens: 4096 } });
    });

    it('streams text with a final usage chunk, and tool calls into the final completion', async () => {
      const stream = await openai.chat.completions.create({
        model: 'gpt-x',
        messages: user('hi there'),
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const c of stream) {
        text += c.choices[0]?.delta.content ?? '';
        usage = c.usage ?? usage;
      }
      expect(text).toBe('Hello from mock-upstream! You said: hi there');
      expect(usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 7 });
      const final = await openai.chat.completions.stream({ model: 'gpt-x', messages: user('please use tool'), tools: oaTools }).finalChatCompletion();
      expect(final.choices[0]).toMatchObject({ finish_reason: 'tool_calls', message: { content: 'Let me use get_weather.' } });
      expect(final.choices[0].message.tool_calls?.[0]).toMatchObject({
        id: expect.stringMatching(/^toolu_mock/),
        function: { name: 'get_weather', arguments: '{"input":"please use tool"}' },
      });
    });

    it('maps upstream errors and translation errors to the OpenAI SDK error classes', async () => {
      const limited = await openai.chat.completions.create({ model: 'mock-error-429', messages: user('x') }).catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
      expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('1');
      await expect(openai.chat.completions.create({ model: 'mock-error-500', messages: user('x') })).rejects.toBeInstanceOf(OpenAI.InternalServerError);
      await expect(openai.chat.completions.create({ model: 'm', messages: user('x'), n: 2 })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
      const cut = await openai.chat.completions.create({ model: 'mock-stream-cut', messages: user('x'), stream: true });
      await expect(
        (async () => {
          for await (const _ of cut);
        })(),
      ).rejects.toThrow(/ended the stream unexpectedly/);
    });
  });

  describe('Anthropic client → OpenAI upstream', () => {
    it('plain: text, stop reason, usage with cache reads', async () => {
      const msg = await anthropic.messages.create({ model: 'alias/mock-cached', max_tokens: 50, system: 'Be brief.', messages: user('hi there') });
      expect(msg).toMatchObject({
        type: 'message',
        model: 'alias/mock-cached',
        stop_reason: 'end_turn',
        content: [{ type: 'text', text: 'Hello from mock-upstream! You said: hi there' }],
      });
      expect(msg.usage).toMatchObject({ input_tokens: 3, cache_read_input_tokens: 2, output_tokens: 7 });
      expect(mock.requests.at(-1)).toMatchObject({
        path: '/v1/chat/completions',
        body: { model: 'mock-cached', max_completion_tokens: 50, messages: [{ role: 'system' }, { role: 'user' }] },
      });
    });

    it('streams the Anthropic event sequence, text and tool use', async () => {
      const text = await anthropic.messages.stream({ model: 'gpt-x', max_tokens: 50, messages: user('hi there') }).finalMessage();
      expect(text.content).toEqual([expect.objectContaining({ type: 'text', text: 'Hello from mock-upstream! You said: hi there' })]);
      expect(text.usage).toMatchObject({ input_tokens: 2, output_tokens: 7 });
      const tool = await anthropic.messages.stream({ model: 'gpt-x', max_tokens: 50, messages: user('use tool please'), tools: anTools }).finalMessage();
      expect(tool.stop_reason).toBe('tool_use');
      expect(tool.content).toEqual([
        expect.objectContaining({ type: 'tool_use', id: expect.stringMatching(/^call_mock/), name: 'get_weather', input: { input: 'use tool please' } }),
      ]);
      const plain = await anthropic.messages.create({
        model: 'gpt-x',
        max_tokens: 50,
        messages: user('x'),
        tools: anTools,
        tool_choice: { type: 'tool', name: 'get_weather' },
      });
      expect(plain.content[0]).toMatchObject({ type: 'tool_use', name: 'get_weather' });
    });

    it('maps upstream errors to the Anthropic SDK error classes', async () => {
      const limited = await anthropic.messages.create({ model: 'mock-error-429', max_tokens: 5, messages: user('x') }).catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(Anthropic.RateLimitError);
      expect((limited as InstanceType<typeof Anthropic.RateLimitError>).error).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
      await expect(anthropic.messages.create({ model: 'mock-error-500', max_tokens: 5, messages: user('x') })).rejects.toBeInstanceOf(
        Anthropic.InternalServerError,
      );
      await expect(anthropic.messages.create({ model: 'bad-key', max_tokens: 5, messages: user('x') })).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
      const cut = anthropic.messages.stream({ model: 'mock-stream-cut', max_tokens: 50, messages: user('x') });
      await expect(cut.finalMessage()).rejects.toThrow(/ended the stream unexpectedly/);
    });
  });
});
