import { formatInZone, formatMicros, isTimeZone, periodBounds } from './budget-period';

/** The period holding `iso` in `tz`, both ends as the zone's wall clock. */
function local(period: Parameters<typeof periodBounds>[0], tz: string, iso: string) {
  const b = periodBounds(period, tz, Date.parse(iso));
  return {
    start: formatInZone(b.start, tz),
    end: b.end === null ? null : formatInZone(b.end, tz),
    hours: b.end === null ? null : (b.end - b.start) / 3_600_000,
  };
}

describe('budget periods', () => {
  it('a day in Tokyo runs from local midnight to local midnight', () => {
    expect(local('day', 'Asia/Tokyo', '2026-11-26T20:00:00Z')).toEqual({ start: '2026-11-27T00:00:00+09:00', end: '2026-11-28T00:00:00+09:00', hours: 24 });
    expect(local('day', 'Asia/Tokyo', '2026-11-26T14:59:59Z')).toEqual({ start: '2026-11-26T00:00:00+09:00', end: '2026-11-27T00:00:00+09:00', hours: 24 });
  });

  it('a day in UTC and in a half-hour zone', () => {
    expect(local('day', 'UTC', '2026-11-26T23:59:59Z').start).toBe('2026-11-26T00:00:00+00:00');
    expect(local('day', 'Asia/Kolkata', '2026-11-26T18:29:59Z')).toEqual({ start: '2026-11-26T00:00:00+05:30', end: '2026-11-27T00:00:00+05:30', hours: 24 });
  });

  it('DST days in New York last 23 and 25 hours', () => {
    expect(local('day', 'America/New_York', '2026-03-08T12:00:00Z')).toEqual({
      start: '2026-03-08T00:00:00-05:00',
      end: '2026-03-09T00:00:00-04:00',
      hours: 23,
    });
    expect(local('day', 'America/New_York', '2026-11-01T12:00:00Z')).toEqual({
      start: '2026-11-01T00:00:00-04:00',
      end: '2026-11-02T00:00:00-05:00',
      hours: 25,
    });
  });

  it('a day whose midnight a DST jump skips starts at the jump (Santiago)', () => {
    const day = local('day', 'America/Santiago', '2026-09-06T12:00:00Z');
    expect(day.start).toBe('2026-09-06T01:00:00-03:00');
    expect(day.end).toBe('2026-09-07T00:00:00-03:00');
    expect(day.hours).toBe(23);
  });

  it('a week starts on Monday, across a DST change (Berlin)', () => {
    expect(local('week', 'Europe/Berlin', '2026-03-29T12:00:00Z')).toEqual({
      start: '2026-03-23T00:00:00+01:00',
      end: '2026-03-30T00:00:00+02:00',
      hours: 167,
    });
    expect(local('week', 'Europe/Berlin', '2026-03-30T00:30:00+02:00').start).toBe('2026-03-30T00:00:00+02:00');
  });

  it('a month starts on the 1st in the zone (Tokyo is already in December)', () => {
    expect(local('month', 'Asia/Tokyo', '2026-11-30T15:30:00Z')).toEqual({ start: '2026-12-01T00:00:00+09:00', end: '2027-01-01T00:00:00+09:00', hours: 744 });
    expect(local('month', 'UTC', '2026-02-15T00:00:00Z')).toEqual({ start: '2026-02-01T00:00:00+00:00', end: '2026-03-01T00:00:00+00:00', hours: 672 });
    expect(local('month', 'America/New_York', '2026-11-15T00:00:00Z')).toEqual({
      start: '2026-11-01T00:00:00-04:00',
      end: '2026-12-01T00:00:00-05:00',
      hours: 721,
    });
  });

  it('lifetime never resets', () => {
    expect(periodBounds('lifetime', 'Asia/Tokyo', Date.now())).toEqual({ start: 0, end: null });
  });

  it('every instant lies in its period and the next period starts where it ends', () => {
    for (const tz of ['UTC', 'Asia/Tokyo', 'America/New_York', 'Europe/London', 'America/Santiago', 'Australia/Lord_Howe']) {
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 31 * 3_600_000 + 13 * 60_000) {
        for (const p of ['day', 'week', 'month'] as const) {
          const b = periodBounds(p, tz, t);
          expect(b.start).toBeLessThanOrEqual(t);
          expect(b.end).toBeGreaterThan(t);
          expect(periodBounds(p, tz, b.end!).start).toBe(b.end);
        }
      }
    }
  });

  it('validates time zone names with Intl', () => {
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('formats micro-units without floating point', () => {
    expect(formatMicros(5_000_000)).toBe('$5.000000');
    expect(formatMicros(1_234_567)).toBe('$1.234567');
    expect(formatMicros(7)).toBe('$0.000007');
  });
});
