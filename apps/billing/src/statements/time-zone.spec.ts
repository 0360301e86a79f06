import { dayIn, localMidnight, monthIn, offsetMs, timeZoneOf, zonedMonthRange } from './time-zone';

describe('reporting time zones', () => {
  it('a call at 2026-11-30T20:00Z is in November in UTC and in December in Tokyo', () => {
    const at = new Date('2026-11-30T20:00:00Z');
    expect(monthIn(at, 'UTC')).toBe('2026-11');
    expect(monthIn(at, 'Asia/Tokyo')).toBe('2026-12');
    expect(dayIn(at, 'Asia/Tokyo')).toBe('2026-12-01');
    expect(dayIn(at, 'America/Los_Angeles')).toBe('2026-11-30');
  });

  it('a month is local midnight to local midnight', () => {
    expect(zonedMonthRange('2026-12', 'Asia/Tokyo')).toEqual({ from: new Date('2026-11-30T15:00:00Z'), to: new Date('2026-12-31T15:00:00Z') });
    expect(zonedMonthRange('2026-12', 'UTC')).toEqual({ from: new Date('2026-12-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') });
  });

  it('follows daylight saving: Berlin March starts at +1 h and April at +2 h', () => {
    expect(zonedMonthRange('2026-03', 'Europe/Berlin')).toEqual({ from: new Date('2026-02-28T23:00:00Z'), to: new Date('2026-03-31T22:00:00Z') });
    expect(localMidnight(2026, 11, 1, 'America/New_York')).toEqual(new Date('2026-11-01T04:00:00Z'));
    expect(offsetMs(new Date('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
  });

  it('names are checked: UTC by default, unknown or malformed ones refused', () => {
    expect(timeZoneOf(undefined)).toBe('UTC');
    expect(timeZoneOf('asia/tokyo')).toBe('Asia/Tokyo');
    expect(() => timeZoneOf('Mars/Olympus')).toThrow("timeZone 'Mars/Olympus' is not a known IANA time zone.");
    expect(() => timeZoneOf("UTC'; DROP", 'time_zone')).toThrow('time_zone must be an IANA time zone name');
  });
});
