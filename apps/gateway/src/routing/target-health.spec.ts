import type { GatewayConfig } from '../config';
import { TargetHealth } from './target-health';

const THRESHOLD = 3;
const COOLDOWN = 30_000;
const T0 = 1_780_000_000_000;

/** A breaker with an explicit clock: every call passes `now`. */
const breaker = (threshold = THRESHOLD, cooldown = COOLDOWN) =>
  new TargetHealth({ CIRCUIT_FAILURE_THRESHOLD: threshold, CIRCUIT_COOLDOWN_MS: cooldown } as GatewayConfig);
const state = (h: TargetHealth, id = 't') => h.view().find((v) => v.target === id)?.state ?? 'unknown';

type Step = ['fail' | 'ok', number] | ['available?', number, boolean];

describe('TargetHealth: the circuit breaker of each target', () => {
  it.each<[string, Step[], string]>([
    ['never seen: available', [['available?', 0, true]], 'unknown'],
    [
      'one failure short of the threshold: still available',
      [
        ['fail', 0],
        ['fail', 1],
        ['available?', 2, true],
      ],
      'closed',
    ],
    [
      'N consecutive failures: open, and skipped',
      [
        ['fail', 0],
        ['fail', 1],
        ['fail', 2],
        ['available?', 3, false],
      ],
      'open',
    ],
    [
      'a success between failures resets the count',
      [
        ['fail', 0],
        ['fail', 1],
        ['ok', 2],
        ['fail', 3],
        ['fail', 4],
        ['available?', 5, true],
      ],
      'closed',
    ],
    [
      'still open just before the cool-down ends',
      [
        ['fail', 0],
        ['fail', 0],
        ['fail', 0],
        ['available?', COOLDOWN - 1, false],
      ],
      'open',
    ],
    [
      'half-open once the cool-down has passed: a probe goes through',
      [
        ['fail', 0],
        ['fail', 0],
        ['fail', 0],
        ['available?', COOLDOWN, true],
      ],
      'half_open',
    ],
    [
      'a successful probe closes it',
      [
        ['fail', 0],
        ['fail', 0],
        ['fail', 0],
        ['available?', COOLDOWN, true],
        ['ok', COOLDOWN + 5],
        ['available?', COOLDOWN + 6, true],
      ],
      'closed',
    ],
    [
      'a failed probe reopens it at once, for a whole new cool-down',
      [
        ['fail', 0],
        ['fail', 0],
        ['fail', 0],
        ['available?', COOLDOWN, true],
        ['fail', COOLDOWN + 10],
        ['available?', COOLDOWN + 11, false],
        ['available?', 2 * COOLDOWN + 9, false],
        ['available?', 2 * COOLDOWN + 10, true],
      ],
      'half_open',
    ],
    [
      'after a probe closed it, one failure does not reopen it',
      [
        ['fail', 0],
        ['fail', 0],
        ['fail', 0],
        ['available?', COOLDOWN, true],
        ['ok', COOLDOWN],
        ['fail', COOLDOWN + 1],
        ['available?', COOLDOWN + 2, true],
      ],
      'closed',
    ],
    [
      'failures of calls already in flight when it opened restart the cool-down',
      [
        ['fail', 0],
        ['fail', 0],
        ['fail', 0],
        ['fail', 10_000],
        ['available?', COOLDOWN, false],
        ['available?', COOLDOWN + 10_000, true],
      ],
      'half_open',
    ],
  ])('%s', (_what, steps, finalState) => {
    const h = breaker();
    for (const step of steps) {
      if (step[0] === 'fail') h.failure('t', 'upstream 500', T0 + step[1]);
      else if (step[0] === 'ok') h.success('t');
      else expect([step[1], h.available('t', T0 + step[1])]).toEqual([step[1], step[2]]);
    }
    expect(state(h)).toBe(finalState);
  });

  it('keeps one circuit per target', () => {
    const h = breaker(1);
    h.failure('a', 'down', T0);
    expect(h.available('a', T0 + 1)).toBe(false);
    expect(h.available('b', T0 + 1)).toBe(true);
    h.success('b');
    expect(h.view().map((v) => [v.target, v.state])).toEqual([
      ['a', 'open'],
      ['b', 'closed'],
    ]);
  });

  it('a threshold of one opens on the first failure', () => {
    const h = breaker(1);
    h.failure('t', 'down', T0);
    expect(h.available('t', T0)).toBe(false);
  });

  it('reports the last error, consecutive failures and the error rate of the last 50 calls', () => {
    const h = breaker(1_000);
    for (let i = 0; i < 60; i++) h.success('t');
    for (let i = 0; i < 10; i++) h.failure('t', `timeout ${i}`, T0);
    expect(h.view()).toEqual([{ target: 't', state: 'closed', consecutiveFailures: 10, recentCalls: 50, recentErrorRate: 10 / 50, lastError: 'timeout 9' }]);
    h.success('t');
    expect(h.view()[0]).toMatchObject({ consecutiveFailures: 0, recentCalls: 50, recentErrorRate: 10 / 50, lastError: 'timeout 9' });
  });

  describe('on the wall clock (no `now` passed)', () => {
    afterEach(() => jest.useRealTimers());

    it('opens and half-opens by Date.now()', () => {
      jest.useFakeTimers({ now: T0 });
      const h = breaker();
      for (let i = 0; i < THRESHOLD; i++) h.failure('t', 'down');
      expect(h.available('t')).toBe(false);
      jest.setSystemTime(T0 + COOLDOWN - 1);
      expect(h.available('t')).toBe(false);
      jest.setSystemTime(T0 + COOLDOWN);
      expect(h.available('t')).toBe(true);
      expect(state(h)).toBe('half_open');
    });
  });
});
