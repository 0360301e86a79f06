/** The largest value of a Postgres bigint (row sequence numbers, micro-unit amounts). */
export const PG_BIGINT_MAX = 2n ** 63n - 1n;

/** Midnight UTC on the first of January of `year` (Date.UTC reads years 0-99 as 1900-1999). */
function startOfYear(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  return d.getTime();
}

const EARLIEST = startOfYear(1);
const LATEST = startOfYear(10000);

/**
 * A time Postgres can keep and compare: years 1 to 9999 (no year 0, which Postgres lacks, nor the
 * six-digit years JavaScript's Date allows). A query bound outside is the caller's mistake (400),
 * never a 500 from "date/time field value out of range".
 */
export function isStorableTime(value: Date | string): boolean {
  const t = (typeof value === 'string' ? new Date(value) : value).getTime();
  return Number.isFinite(t) && t >= EARLIEST && t < LATEST;
}
