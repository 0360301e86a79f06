// An amount typed in currency units ("12.50", "$1,000", "0.000001") as integer micro-units, from
// its digits: no float ever touches it. Null for anything else (more than 6 decimals, letters,
// negative numbers, beyond Number.MAX_SAFE_INTEGER micro-units).

const AMOUNT = /^(\d{1,15})(?:\.(\d{0,6}))?$/;

export function parseMicros(text: string): number | null {
  const cleaned = text
    .trim()
    .replace(/^\$/, '')
    .replace(/[,\s_]/g, '');
  const match = AMOUNT.exec(cleaned);
  if (!match || (match[1] === '' && !match[2])) return null;
  const micros = BigInt(match[1]) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0') || '0');
  return micros <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(micros) : null;
}

const PERCENT = /^(\d{1,5})(?:\.(\d{0,2}))?$/;

/** A percentage typed as text ("25", "12.5", "0.01 %") as integer basis points (2500, 1250, 1), from its digits; null otherwise. */
export function parsePercentBp(text: string): number | null {
  const match = PERCENT.exec(text.trim().replace(/\s*%$/, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Basis points as a percentage, exactly: 2500 → "25", 1250 → "12.5", 1 → "0.01". */
export function formatBp(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const cents = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return cents ? `${whole}.${cents}` : String(whole);
}
