import { textLength } from './stream-relay';

/** What the relay counts when it parses a chunk: delta content plus tool-call arguments. */
function parsedLength(data: string): number {
  const obj = JSON.parse(data) as { choices?: { delta?: { content?: string | null; tool_calls?: { function?: { arguments?: string } }[] } }[] };
  let n = 0;
  for (const c of obj.choices ?? []) {
    n += c.delta?.content?.length ?? 0;
    for (const t of c.delta?.tool_calls ?? []) n += t.function?.arguments?.length ?? 0;
  }
  return n;
}

const chunk = (delta: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: null }],
    usage: null,
    ...extra,
  });

describe('textLength: the text in a stream chunk, without parsing it', () => {
  const samples = [
    chunk({ role: 'assistant', content: '' }),
    chunk({ content: 'Hello' }),
    chunk({ content: 'héllo wörld 👋 — ünïcode' }),
    chunk({ content: 'a "quoted" word\nand a new line' }),
    chunk({ content: 'path\\to\\file' }),
    chunk({ content: 'fake "content":"key" inside' }),
    chunk({ content: null }),
    chunk({}),
    chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Paris"}' } }] }),
    chunk({ content: 'x' }, { usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }),
    JSON.stringify({ choices: [{ delta: { content: 'one' } }, { delta: { content: 'two' } }] }),
    JSON.stringify({ choices: [{ delta: { content: 'logged' }, logprobs: { content: [{ token: 'logged' }] } }] }),
    JSON.stringify({ choices: [{ delta: { content: 'spaced' } }], usage: null }, null, 2),
    '{"choices": [{"delta": {"content": "pretty printed"}}], "usage": {"prompt_tokens": 1}}',
  ];

  it.each(samples)('is either exact or declines (null) for %s', (data) => {
    const quick = textLength(data);
    if (quick !== null) expect(quick).toBe(parsedLength(data));
  });

  it('reads the common chunks itself and leaves usage, tool calls and escapes to the parser', () => {
    expect(textLength(chunk({ content: 'Hello' }))).toBe(5);
    expect(textLength(chunk({ content: null }))).toBe(0);
    expect(textLength(JSON.stringify({ choices: [{ delta: { content: 'spaced' } }] }, null, 2))).toBe(6);
    expect(textLength(chunk({ content: 'x' }, { usage: { prompt_tokens: 1 } }))).toBeNull();
    expect(textLength('{"choices": [], "usage": {"prompt_tokens": 1}}')).toBeNull();
    expect(textLength(chunk({ tool_calls: [{ function: { arguments: '{}' } }] }))).toBeNull();
    expect(textLength(chunk({ content: 'a "quote"' }))).toBeNull();
  });
});
