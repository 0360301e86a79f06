import type { BudgetPeriod } from '@tollgate/contracts';

/**
 * Budget periods in a tenant's reporting time zone. A period runs from the first instant of its
 * local day (Monday for a week, the 1st for a month) to the first instant of the next one, so a
 * day across a DST change lasts 23 or 25 hours and a day whose midnight a DST jump skips starts
 * at the jump. `lifetime` never resets (start 0, end null).
 */

export interface PeriodBounds {
  /** Epoch ms of the period's first instant (0 for lifetime). */
  start: number;
  /** Epoch ms of the next period's first instant; null for lifetime. */
  end: number | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone name Intl knows (an IANA name such as `Asia/Tokyo`, or `UTC`). */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The local wall clock of `at` in `timeZone`, as if it were UTC (epoch ms, whole seconds). */
function wallClock(timeZone: string, at: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** The zone's offset from UTC at instant `at`, in ms (Tokyo: +9 h). */
export function utcOffsetMs(timeZone: string, at: number): number {
  return wallClock(timeZone, at) - Math.floor(at / 1000) * 1000;
}

/**
 * The first instant whose local date is `localMidnight` (a date as UTC midnight). Offsets in force
 * a day either side are the only candidates; the earliest that lands on the date wins (a skipped
 * midnight gives the instant of the jump; a repeated one its first occurrence).
 */
function startOfLocalDate(timeZone: string, localMidnight: number): number {
  const candidates = [utcOffsetMs(timeZone, localMidnight - DAY_MS), utcOffsetMs(timeZone, localMidnight + DAY_MS)].map((off) => localMidnight - off);
  const onDate = candidates.filter((t) => Math.floor(wallClock(timeZone, t) / DAY_MS) * DAY_MS === localMidnight);
  return Math.min(...(onDate.length ? onDate : candidates));
}

/** The local date (as UTC midnight) that starts the period holding the local date `today`. */
function periodFirstDate(period: Exclude<BudgetPeriod, 'lifetime'>, today: Date): [first: number, next: number] {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const d = today.getUTCDate();
  if (period === 'day') return [Date.UTC(y, m, d), Date.UTC(y, m, d + 1)];
  if (period === 'month') return [Date.UTC(y, m, 1), Date.UTC(y, m + 1, 1)];
  const sinceMonday = (today.getUTCDay() + 6) % 7;
  return [Date.UTC(y, m, d - sinceMonday), Date.UTC(y, m, d - sinceMonday + 7)];
}

/** The period holding instant `now` in `timeZone`. */
export function periodBounds(period: BudgetPeriod, timeZone: string, now: number): PeriodBounds {
  if (period === 'lifetime') return { start: 0, end: null };
  const today = new Date(Math.floor(wallClock(timeZone, now) / DAY_MS) * DAY_MS);
  const [first, next] = periodFirstDate(period, today);
  return { start: startOfLocalDate(timeZone, first), end: startOfLocalDate(timeZone, next) };
}

/** `2026-11-27T00:00:00+09:00`: the instant as the zone's wall clock with its offset. */
export function formatInZone(at: number, timeZone: string): string {
  const offset = utcOffsetMs(timeZone, at);
  const local = new Date(wallClock(timeZone, at)).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset) / 60_000;
  return `${local}${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Micro-units as dollars with all six decimals, `$5.000000`, without floating point. */
export function formatMicros(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}$${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}`;
}
