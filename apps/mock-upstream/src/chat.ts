import { countPromptTokens, maxTokensOf, planToolCall, replyPieces, type PlannedToolCall } from './content';
import { framesOf, longText, repeatedFrames, take, type Frames } from './long-reply';
import { sendJson, writeSseFrames, type Reply } from './respond';
import type { Switch } from './switches';
import type { ChatRequest, MockContext } from './types';

const FINGERPRINT = 'fp_mock';
const DONE = 'data: [DONE]\n\n';

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number };
}

function usageOf(prompt: number, completion: number, sw: Switch): Usage {
  const cached = sw.behaviour === 'cached' ? Math.max(1, Math.floor(prompt / 2)) : 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

interface Plan {
  id: string;
  created: number;
  prompt: number;
  tool: PlannedToolCall | undefined;
  pieces: string[];
  /** With `streamChunks`: the reply is this many pieces, made as they are written (`pieces` stays empty). */
  long: number;
  finish: 'stop' | 'length' | 'tool_calls';
}

const completionTokens = (p: Plan): number => p.long || p.pieces.length;

function plan(body: ChatRequest, ctx: MockContext): Plan {
  const n = ctx.nextId();
  const created = Math.floor(Date.now() / 1000);
  const prompt = countPromptTokens(body.messages);
  const tool = planToolCall(body, n);
  const id = `chatcmpl-mock${n.toString(36).padStart(8, '0')}`;
  if (tool) return { id, created, prompt, tool, pieces: tool.argumentPieces, long: 0, finish: 'tool_calls' };
  const max = maxTokensOf(body);
  if (ctx.streamChunks > 0) {
    const long = max !== undefined && max > 0 && max < ctx.streamChunks ? max : ctx.streamChunks;
    return { id, created, prompt, tool, pieces: [], long, finish: long < ctx.streamChunks ? 'length' : 'stop' };
  }
  const reply = replyPieces(body.messages, max);
  return { id, created, prompt, tool, pieces: reply.pieces, long: 0, finish: reply.truncated ? 'length' : 'stop' };
}

/** Answers a (validated) chat completion request, plain or streamed. */
export function handleChat(body: ChatRequest, reply: Reply): void {
  const p = plan(body, reply.ctx);
  if (body.stream === true) streamChat(body, p, reply);
  else plainChat(body, p, reply);
}

function plainChat(body: ChatRequest, p: Plan, { res, sw, requestId }: Reply): void {
  const message = p.tool
    ? {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [{ id: p.tool.id, type: 'function', function: { name: p.tool.name, arguments: p.pieces.join('') } }],
        annotations: [],
      }
    : { role: 'assistant', content: p.long ? longText(p.long) : p.pieces.join(''), refusal: null, annotations: [] };
  const completion = {
    id: p.id,
    object: 'chat.completion',
    created: p.created,
    model: body.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: p.finish }],
    usage: sw.behaviour === 'no-usage' ? undefined : usageOf(p.prompt, completionTokens(p), sw),
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
  };
  sendJson(res, 200, JSON.stringify(completion), requestId);
}

/** Builds every SSE frame up front (a long reply's content frames as they are written); each is written with its own `res.write`. */
function streamFrames(body: ChatRequest, sw: Switch, p: Plan, stamp: boolean): Frames {
  const includeUsage = body.stream_options?.include_usage === true && sw.behaviour !== 'no-usage';
  const base = `{"id":"${p.id}","object":"chat.completion.chunk","created":${p.created},"model":${JSON.stringify(body.model)},"service_tier":"default","system_fingerprint":"${FINGERPRINT}"`;
  const head = `data: ${base},"choices":[{"index":0,"delta":`;
  const tail = `,"logprobs":null,"finish_reason":null}]${includeUsage ? ',"usage":null' : ''}}\n\n`;
  const frames: string[] = [];
  const end = [`${head}{},"logprobs":null,"finish_reason":"${p.finish}"}]${includeUsage ? ',"usage":null' : ''}}\n\n`];
  if (includeUsage) end.push(`data: ${base},"choices":[],"usage":${JSON.stringify(usageOf(p.prompt, completionTokens(p), sw))}}\n\n`);
  end.push(DONE);
  if (p.long) {
    const role = `${head}{"role":"assistant","content":"","refusal":null}${tail}`;
    return repeatedFrames([role], p.long, (piece) => `${head}{"content":"${piece}"}${tail}`, end, stamp);
  }
  if (p.tool) {
    const call = { index: 0, id: p.tool.id, type: 'function', function: { name: p.tool.name, arguments: '' } };
    frames.push(head + JSON.stringify({ role: 'assistant', content: null, tool_calls: [call], refusal: null }) + tail);
    for (const piece of p.pieces) frames.push(`${head}{"tool_calls":[{"index":0,"function":{"arguments":${JSON.stringify(piece)}}}]}${tail}`);
  } else {
    frames.push(`${head}{"role":"assistant","content":"","refusal":null}${tail}`);
    for (const piece of p.pieces) frames.push(`${head}{"content":${JSON.stringify(piece)}}${tail}`);
  }
  return framesOf([...frames, ...end]);
}

function streamChat(body: ChatRequest, p: Plan, { res, sw, ctx, requestId, timers }: Reply): void {
  if (res.destroyed) return;
  const cut = sw.behaviour === 'stream-cut';
  const frames = streamFrames(body, sw, p, ctx.stampChunks);
  writeSseFrames(res, cut ? take(frames, 3) : frames, { requestId, chunkDelayMs: ctx.chunkDelayMs, fixedRate: ctx.fixedRate, cut, timers });
}
