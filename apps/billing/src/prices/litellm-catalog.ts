/**
 * LiteLLM's `model_prices_and_context_window.json` read into cost-price proposals. Its prices are
 * US dollars per token as JSON numbers; Tollgate's are integer micro-units per million tokens, so a
 * price is multiplied by 10^12. That is done on the number's decimal text (digits and an exponent),
 * never by float multiplication: 2.5e-06 $/token is exactly 2 500 000 µ/M.
 */

/** $ per token → micro-units per million tokens: × 10^6 (micro-units per dollar) × 10^6 (tokens). */
const SHIFT = 12;
const DECIMAL = /^(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

export interface Converted {
  micros: bigint;
  /** False when the price had digits below a micro-unit per million tokens (then rounded up). */
  exact: boolean;
}

/** A non-negative decimal (number or its text) of dollars per token in integer micro-units per million tokens. */
export function dollarsPerTokenToMicrosPerMillion(value: number | string): Converted {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`not a non-negative decimal: ${JSON.stringify(text).slice(0, 40)}`);
  const fraction = m[2] ?? '';
  const digits = BigInt(`${m[1]}${fraction}` || '0');
  const exponent = Number(m[3] ?? '0') - fraction.length + SHIFT;
  if (Math.abs(exponent) > 400) throw new RangeError(`exponent out of range: ${text}`);
  if (exponent >= 0) return { micros: digits * 10n ** BigInt(exponent), exact: true };
  const divisor = 10n ** BigInt(-exponent);
  const whole = digits / divisor;
  return digits % divisor === 0n ? { micros: whole, exact: true } : { micros: whole + 1n, exact: false };
}

/** The shortest text that reads back as the same double (what the file said, for any literal of up to 17 digits). */
function numberText(n: number): string {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`not a non-negative finite number: ${n}`);
  return String(n);
}

export interface CostProposal {
  model: string;
  provider: string | null;
  upstreamModel: string | null;
  inputPerMillion: bigint;
  cachedInputPerMillion: bigint;
  outputPerMillion: bigint;
  maxOutputTokens: number;
  /** Where it came from: `litellm:<entry key>`, plus `(rounded up)` when a price had sub-micro digits. */
  source: string;
}

export interface CatalogOptions {
  /** Only entries whose litellm_provider is this (e.g. "openai"). */
  litellmProvider?: string;
  /** The Tollgate route provider name the prices are for; null (default) for any provider of the model. */
  provider?: string | null;
}

export interface CatalogResult {
  proposals: CostProposal[];
  /** Entries left out, with why (no token prices, not a number, …). */
  skipped: { key: string; reason: string }[];
}

const MAX_OUTPUT_DEFAULT = 4096;
const MAX_NAME = 200;

/** Reads the parsed file: one proposal per entry with both token prices; `sample_spec` and the rest are skipped with a reason. */
export function proposalsFromCatalog(catalog: unknown, opts: CatalogOptions = {}): CatalogResult {
  if (!catalog || typeof catalog !== 'object' || Array.isArray(catalog)) throw new RangeError('the catalog must be a JSON object of model entries');
  const out: CatalogResult = { proposals: [], skipped: [] };
  for (const [key, raw] of Object.entries(catalog as Record<string, unknown>)) {
    const entry = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const skip = (reason: string) => out.skipped.push({ key: key.slice(0, MAX_NAME), reason });
    if (key === 'sample_spec') continue;
    if (opts.litellmProvider && entry.litellm_provider !== opts.litellmProvider) continue;
    if (key.length > MAX_NAME) {
      skip('model name too long');
      continue;
    }
    if (entry.input_cost_per_token === undefined || entry.output_cost_per_token === undefined) {
      skip('no input_cost_per_token / output_cost_per_token');
      continue;
    }
    try {
      out.proposals.push(proposal(key, entry, opts));
    } catch (err) {
      skip((err as Error).message);
    }
  }
  return out;
}

function proposal(key: string, entry: Record<string, unknown>, opts: CatalogOptions): CostProposal {
  const price = (v: unknown): Converted => {
    if (typeof v !== 'number' && typeof v !== 'string') throw new RangeError('a price is not a number');
    return dollarsPerTokenToMicrosPerMillion(v);
  };
  const input = price(entry.input_cost_per_token);
  const output = price(entry.output_cost_per_token);
  const cached =
    entry.cache_read_input_token_cost === undefined || entry.cache_read_input_token_cost === null ? input : price(entry.cache_read_input_token_cost);
  const cap = entry.max_output_tokens;
  const exact = input.exact && output.exact && cached.exact;
  return {
    model: key,
    provider: opts.provider ?? null,
    upstreamModel: null,
    inputPerMillion: input.micros,
    cachedInputPerMillion: cached.micros,
    outputPerMillion: output.micros,
    maxOutputTokens: Number.isSafeInteger(cap) && (cap as number) >= 1 && (cap as number) <= 10_000_000 ? (cap as number) : MAX_OUTPUT_DEFAULT,
    source: `litellm:${key}${exact ? '' : ' (rounded up)'}`,
  };
}
