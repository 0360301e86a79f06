import { BillingError } from '../errors/billing.error';

/**
 * Reporting time zones (IANA names, UTC by default). A statement month and its usage days are the
 * tenant's local calendar; a call is always dated by the instant it happened, so only the cut
 * between months and days moves. Pure functions over Intl: no clock, no I/O.
 */
export const DEFAULT_TIME_ZONE = 'UTC';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The IANA name itself (canonical case), or a 400 naming the field; undefined/empty → UTC. */
export function timeZoneOf(value: string | undefined | null, field = 'timeZone'): string {
  if (value === undefined || value === null || value === '') return DEFAULT_TIME_ZONE;
  if (value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value))
    throw new BillingError('invalid_request', `${field} must be an IANA time zone name like Europe/Berlin.`);
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    throw new BillingError('invalid_request', `${field} '${value}' is not a known IANA time zone.`);
  }
}

/** Local wall-clock fields of an instant in a zone. */
function wallClock(at: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return { y: Number(parts.year), mo: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), mi: Number(parts.minute), s: Number(parts.second) };
}

/** How far the zone's wall clock is ahead of UTC at `at`, in ms (Asia/Tokyo: +9 h). */
export function offsetMs(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant local midnight starts day `d` of month `mo` (1-12, may overflow into the next year) in the zone. */
export function localMidnight(y: number, mo: number, d: number, timeZone: string): Date {
  const guess = Date.UTC(y, mo - 1, d);
  // Twice: the offset at the first guess may differ from the one at the answer across a DST change.
  const first = guess - offsetMs(new Date(guess), timeZone);
  return new Date(guess - offsetMs(new Date(first), timeZone));
}

/** [from, to) of a YYYY-MM month in the zone. */
export function zonedMonthRange(month: string, timeZone: string): { from: Date; to: Date } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new BillingError('invalid_request', 'month must be YYYY-MM.');
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { from: localMidnight(y, mo, 1, timeZone), to: localMidnight(y, mo + 1, 1, timeZone) };
}

/** YYYY-MM of an instant in the zone. */
export function monthIn(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${w.y}-${String(w.mo).padStart(2, '0')}`;
}

/** YYYY-MM-DD of an instant in the zone. */
export function dayIn(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${w.y}-${String(w.mo).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}
