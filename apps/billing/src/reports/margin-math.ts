/**
 * margin / revenue as a percent with two decimals, from integers only (half away from zero):
 * 750 of 3125 → "24.00", 1 of 3 → "33.33", -1 of 8 → "-12.50". Null when there is no revenue.
 */
export function marginPercent(marginMicros: bigint, revenueMicros: bigint): string | null {
  if (revenueMicros <= 0n) return null;
  const scaled = (marginMicros < 0n ? -marginMicros : marginMicros) * 10_000n;
  let hundredths = scaled / revenueMicros;
  if ((scaled % revenueMicros) * 2n >= revenueMicros) hundredths += 1n;
  const sign = marginMicros < 0n && hundredths > 0n ? '-' : '';
  return `${sign}${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}
