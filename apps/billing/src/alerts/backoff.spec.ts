import { nextAttemptAt, parseSchedule } from './backoff';

const H = 3_600_000;

describe('webhook retry backoff', () => {
  it('reads a schedule with units', () => {
    expect(parseSchedule('5s, 5m,30m,2h,250')).toEqual([5000, 300_000, 1_800_000, 2 * H, 250]);
    expect(() => parseSchedule('')).toThrow();
    expect(() => parseSchedule('5 days')).toThrow(/not a wait/);
  });

  const policy = { schedule: parseSchedule('5s,5m,30m,2h,5h,10h,14h'), windowMs: 24 * H };
  const created = new Date('2026-11-26T00:00:00Z');

  it('waits per the schedule after each failed attempt', () => {
    expect(nextAttemptAt(1, created, created, policy)).toEqual(new Date(created.getTime() + 5000));
    const later = new Date(created.getTime() + H);
    expect(nextAttemptAt(4, created, later, policy)).toEqual(new Date(later.getTime() + 2 * H));
  });

  it('never schedules past the window, and fails once the window or the schedule is used up', () => {
    const late = new Date(created.getTime() + 17.6 * H);
    expect(nextAttemptAt(7, created, late, policy)).toEqual(new Date(created.getTime() + 24 * H));
    expect(nextAttemptAt(7, created, new Date(created.getTime() + 24 * H), policy)).toBeNull();
    expect(nextAttemptAt(8, created, created, policy)).toBeNull();
  });
});
