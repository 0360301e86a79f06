import type { ResolvedTarget } from '../catalog/catalog.service';
import { attemptOrder } from './target-order';

const target = (id: string, priority: number, weight = 1): ResolvedTarget => ({
  id,
  providerId: id,
  providerName: id,
  providerKind: 'openai',
  baseUrl: 'http://upstream/v1',
  apiKey: null,
  upstreamModel: id,
  priority,
  weight,
  timeoutMs: null,
});

describe('attemptOrder', () => {
  it('tries lower priorities first and unhealthy targets last', () => {
    const order = attemptOrder(
      [target('backup', 1), target('down', 0), target('main', 0)],
      (t) => t.id !== 'down',
      () => 0,
    );
    expect(order.map((t) => t.id)).toEqual(['main', 'backup', 'down']);
  });

  it('splits a priority by weight', () => {
    // Each ordering draws once per pick: the first draw decides who goes first.
    const firstDraws = [0.1, 0.9, 0.5, 0.95];
    const first = firstDraws.map(
      (r) =>
        attemptOrder(
          [target('a', 0, 3), target('b', 0, 1)],
          () => true,
          () => r,
        )[0].id,
    );
    expect(first).toEqual(['a', 'b', 'a', 'b']);
  });

  it('returns a single target as it is', () => {
    const only = [target('only', 0)];
    expect(attemptOrder(only, () => false)).toBe(only);
  });
});
