// An amount typed in currency units ("12.50", "$1,000", "0.000001") as integer micro-units, from
// its digits: no float ever touches it. Null for anything else (more than 6 decimals, letters,
// negative numbers, beyond Number.MAX_SAFE_INTEGER micro-units).

const AMOUNT = /^(\d{1,15})(?:\.(\d{0,6}))?$/;

export function parseMicros(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, '').replace(/[,\s_]/g, '');
  const match = AMOUNT.exec(cleaned);
  if (!match || (match[1] === '' && !match[2])) return null;
  const micros = BigInt(match[1]) * 1_000_000n + BigInt((match[2] ?? '').padEnd(6, '0') || '0');
  return micros <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(micros) : null;
}
