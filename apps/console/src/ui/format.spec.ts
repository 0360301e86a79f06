import { formatDateTime } from './format';

describe('formatDateTime', () => {
  it("names the viewer's time zone beside the time, so a log time is never read in the wrong zone", () => {
    const at = new Date('2026-11-26T12:12:00Z');
    const zone = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value;
    expect(formatDateTime(at.toISOString())).toContain(zone);
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});
