/** Money helpers: integers in micro-units (1 unit = 1_000_000), BigInt where sums may grow. Never floating point. */
export const MICROS_PER_UNIT = 1_000_000n;

/** 1234567n → "1.234567", -5n → "-0.000005": exact decimal text from an integer. */
export function formatMicros(micros: bigint | number): string {
  const v = BigInt(micros);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const whole = abs / MICROS_PER_UNIT;
  const frac = (abs % MICROS_PER_UNIT).toString().padStart(6, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** For JSON replies whose contract uses numbers: exact, or a loud failure past 2^53. */
export function toSafeNumber(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new RangeError('amount exceeds the safe integer range');
  return Number(v);
}

/** ISO 4217 minor-unit exponents that are not 2 (the default). */
const MINOR_EXPONENT: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

/** Digits after the decimal point in the currency's minor unit (USD 2, JPY 0, KWD 3). */
export const minorDigits = (currency: string): number => MINOR_EXPONENT[currency.toUpperCase()] ?? 2;

/** An amount in the currency's minor units (e.g. cents) → micro-units, exactly (USD: cents × 10_000). */
export function minorToMicros(minor: bigint, currency: string): bigint {
  const exp = minorDigits(currency);
  return minor * 10n ** BigInt(6 - exp);
}

/**
 * Micro-units → the currency's minor units (USD: cents), exactly; null when the amount is not a
 * whole number of minor units (1.005 USD cannot be charged, and is refused rather than rounded).
 */
export function microsToMinor(micros: bigint, currency: string): bigint | null {
  const exp = minorDigits(currency);
  const perMinor = 10n ** BigInt(6 - exp);
  return micros % perMinor === 0n ? micros / perMinor : null;
}

/** Parses an integer given as a JSON number (safe range) or a decimal-digit string; null otherwise. */
export function parseIntegerAmount(v: unknown): bigint | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d{1,30}$/.test(v)) return BigInt(v);
  return null;
}
