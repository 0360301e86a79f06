// Formatting for display; numbers are grouped for reading.

// Moments (created, last used, log times) in the viewer's own time zone, named ("12:12 UTC", "13:12 GMT+1"),
// since days (usage, statements) are cut in the tenant's reporting zone; days in UTC.
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});
const utcDate = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
const localDate = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function formatDateTime(iso: string | null | undefined, empty = '—'): string {
  if (!iso) return empty;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** A YYYY-MM-DD day (a UTC day) as is; a moment as the viewer's local date. */
export function formatDate(iso: string | null | undefined, empty = '—'): string {
  if (!iso) return empty;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const d = new Date(day ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return (day ? utcDate : localDate).format(d);
}

export function formatInt(n: number | null | undefined, empty = '—'): string {
  return n === null || n === undefined ? empty : integer.format(n);
}

export function formatMs(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : `${integer.format(n)} ms`;
}

/** YYYY-MM-DD of a Date in UTC. */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** YYYY-MM of a Date in UTC. */
export function utcMonth(d: Date): string {
  return d.toISOString().slice(0, 7);
}

/** The last `days` UTC days, today included. */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const to = utcDay(now);
  const from = utcDay(new Date(now.getTime() - (days - 1) * 86_400_000));
  return { from, to };
}
