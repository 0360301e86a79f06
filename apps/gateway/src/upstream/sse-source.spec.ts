import { PassThrough } from 'node:stream';
import { EventMap, SseSource } from './sse-source';

interface Run {
  body: PassThrough;
  items: string[];
  ended: Promise<unknown>;
}

function run(onItem: (data: string, items: string[]) => void | Promise<void> = () => undefined, map?: EventMap): Run {
  const body = new PassThrough();
  const items: string[] = [];
  const ended = new Promise<unknown>((resolve) =>
    new SseSource(body, map).start(
      (data) => {
        items.push(data);
        return onItem(data, items);
      },
      (err) => resolve(err ?? 'clean end'),
    ),
  );
  return { body, items, ended };
}

const until = async (cond: () => boolean): Promise<void> => {
  while (!cond()) await new Promise((r) => setImmediate(r));
};

describe('SseSource: an upstream SSE body pushed to the relay', () => {
  it('delivers each event whole, in order, however the bytes were split, multi-byte characters included', async () => {
    const { body, items, ended } = run();
    const bytes = Buffer.from('data: {"a":"héllo 👋"}\n\n: comment\n\ndata: two\r\n\r\nevent: x\ndata: three\n\ndata: [DONE]\n\n');
    for (let i = 0; i < bytes.length; i += 3) body.write(bytes.subarray(i, i + 3));
    body.end();
    expect(await ended).toBe('clean end');
    expect(items).toEqual(['{"a":"héllo 👋"}', 'two', 'three', '[DONE]']);
  });

  it('delivers a last event that has no blank line after it', async () => {
    const { body, items, ended } = run();
    body.end('data: one\n\ndata: last');
    expect(await ended).toBe('clean end');
    expect(items).toEqual(['one', 'last']);
  });

  it('delivers nothing more while a delivery is pending, then the rest of the same read in order', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { body, items, ended } = run((data) => (data === 'one' ? gate : undefined));
    body.write('data: one\n\ndata: two\n\n');
    body.end('data: three\n\n');
    await until(() => items.length === 1);
    for (let turn = 0; turn < 10; turn++) await new Promise((r) => setImmediate(r)); // the body's reads go on; a pending delivery holds the rest back
    expect(items).toEqual(['one']);
    release();
    expect(await ended).toBe('clean end');
    expect(items).toEqual(['one', 'two', 'three']);
  });

  it('ends with the error that broke the body off, after what arrived before it', async () => {
    const { body, items, ended } = run();
    body.write('data: one\n\n');
    await until(() => items.length === 1);
    const boom = new Error('socket reset');
    body.destroy(boom);
    expect(await ended).toBe(boom);
    expect(items).toEqual(['one']);
  });

  it('translates events through its map, stops reading once the map says the stream is complete', async () => {
    const map: EventMap = (data) => ({ items: [data.toUpperCase()], last: data === 'stop' });
    const { body, items, ended } = run(undefined, map);
    body.write('data: a\n\ndata: stop\n\ndata: after\n\n');
    expect(await ended).toBe('clean end');
    expect(items).toEqual(['A', 'STOP']);
    expect(body.destroyed).toBe(true);
  });

  it("delivers a map's items before the error it reports with them", async () => {
    const broken = new Error('overloaded');
    const map: EventMap = (data) => (data === 'bad' ? { items: ['partial'], last: true, error: broken } : { items: [data], last: false });
    const { body, items, ended } = run(undefined, map);
    body.write('data: ok\n\ndata: bad\n\n');
    expect(await ended).toBe(broken);
    expect(items).toEqual(['ok', 'partial']);
  });

  it('ends with the error a delivery threw or rejected with, delivering nothing after it', async () => {
    const refused = new Error('client gone');
    const { body, items, ended } = run((data) => (data === 'two' ? Promise.reject(refused) : undefined));
    body.write('data: one\n\ndata: two\n\ndata: three\n\n');
    expect(await ended).toBe(refused);
    expect(items).toEqual(['one', 'two']);
  });
});
