// Money is integer micro-units (1 USD = 1,000,000). Formatting works on the integer's digits
// (BigInt), never on floats: 12345678 → "$12.345678", 12500000 → "$12.50", 1 → "$0.000001".

const SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

function toBigInt(micros: number | bigint | string): bigint {
  if (typeof micros === 'bigint') return micros;
  if (typeof micros === 'number') {
    if (!Number.isFinite(micros)) return 0n;
    return BigInt(Math.trunc(micros));
  }
  return /^-?\d+$/.test(micros.trim()) ? BigInt(micros.trim()) : 0n;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export interface MoneyOptions {
  /** ISO currency code; USD by default. */
  currency?: string;
  /** Fraction digits kept at least (default 2); trailing zeros past this are trimmed. */
  minDecimals?: number;
  /** Fraction digits at most (default 6: every micro shown). Cut digits are rounded half away from zero. */
  maxDecimals?: number;
}

export function formatMicros(value: number | bigint | string, options: MoneyOptions = {}): string {
  const currency = (options.currency ?? 'USD').toUpperCase();
  const minDecimals = Math.max(0, Math.min(6, options.minDecimals ?? 2));
  const maxDecimals = Math.max(minDecimals, Math.min(6, options.maxDecimals ?? 6));

  let micros = toBigInt(value);
  const negative = micros < 0n;
  if (negative) micros = -micros;

  // Round to maxDecimals on integers.
  const unit = 10n ** BigInt(6 - maxDecimals);
  if (unit > 1n) micros = ((micros + unit / 2n) / unit) * unit;

  const whole = micros / 1_000_000n;
  let fraction = (micros % 1_000_000n).toString().padStart(6, '0').slice(0, maxDecimals);
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);

  const number = groupThousands(whole.toString()) + (fraction ? `.${fraction}` : '');
  const sign = negative && micros !== 0n ? '-' : '';
  const symbol = SYMBOLS[currency];
  return symbol ? `${sign}${symbol}${number}` : `${sign}${number} ${currency}`;
}

/**
 * Fraction digits for a chart axis whose largest amount is `maxMicros`: two (whole cents) where that
 * shows it, else as many as it takes for two significant digits, up to every micro. A customer whose
 * calls cost fractions of a cent would otherwise read "$0.00" on every tick.
 */
export function axisDecimals(maxMicros: number): number {
  let decimals = 2;
  while (decimals < 6 && maxMicros > 0 && maxMicros < 10 ** (7 - decimals)) decimals++;
  return decimals;
}

/** Sum of integer micro amounts, exact (BigInt). */
export function sumMicros(values: Iterable<number | bigint>): bigint {
  let total = 0n;
  for (const v of values) total += toBigInt(v);
  return total;
}

/**
 * An amount typed in currency units ("25", "25.5", "1,000.00") → integer micro-units, on the
 * digits (no float math): "19.99" → 19_990_000n. Null for anything else, or more than 6 decimals.
 */
export function parseMoneyToMicros(text: string): bigint | null {
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{0,6}))?$/.exec(text.trim());
  if (!m || (m[1] === undefined && !m[2])) return null;
  const whole = BigInt((m[1] ?? '0').replace(/,/g, ''));
  const fraction = BigInt((m[2] ?? '').padEnd(6, '0'));
  return whole * 1_000_000n + fraction;
}
