import { GatewayError } from '../errors/gateway.error';
import { anthropicModelPage, openAiModel } from './models';

const entries = ['a', 'b', 'c', 'd', 'e'].map((model, i) => ({ model, createdAt: new Date(Date.UTC(2025, 0, i + 1)) }));
const ids = (page: { data: { id: string }[] }) => page.data.map((m) => m.id);

describe('models in both wire formats', () => {
  it('OpenAI: seconds since the epoch', () => {
    expect(openAiModel(entries[0])).toEqual({ id: 'a', object: 'model', created: Date.UTC(2025, 0, 1) / 1000, owned_by: 'tollgate' });
  });

  it('Anthropic: everything on one page by default, with its cursors', () => {
    expect(anthropicModelPage(entries, {})).toEqual({
      data: entries.map((m) => ({ type: 'model', id: m.model, display_name: m.model, created_at: m.createdAt.toISOString() })),
      has_more: false,
      first_id: 'a',
      last_id: 'e',
    });
    expect(anthropicModelPage([], {})).toEqual({ data: [], has_more: false, first_id: null, last_id: null });
  });

  it('Anthropic: pages forward with after_id and back with before_id', () => {
    const first = anthropicModelPage(entries, { limit: '2' });
    expect([ids(first), first.has_more]).toEqual([['a', 'b'], true]);
    const second = anthropicModelPage(entries, { limit: '2', after_id: first.last_id });
    expect([ids(second), second.has_more]).toEqual([['c', 'd'], true]);
    const last = anthropicModelPage(entries, { limit: '2', after_id: 'd' });
    expect([ids(last), last.has_more]).toEqual([['e'], false]);
    const back = anthropicModelPage(entries, { limit: '2', before_id: 'd' });
    expect([ids(back), back.has_more]).toEqual([['b', 'c'], true]);
    expect(ids(anthropicModelPage(entries, { after_id: 'bb' }))).toEqual(['c', 'd', 'e']);
  });

  it.each(['0', '1001', '2.5', 'x'])('refuses limit=%s with 400', (limit) => {
    expect(() => anthropicModelPage(entries, { limit })).toThrow(GatewayError);
  });
});
