/**
 * What a credit hold records about its call, so that billing can charge the call if the gateway
 * serving it dies before it settles: who, which model, when, and the least it cost (its prompt).
 */
export interface HoldMeta {
  keyId: string;
  keyLabel: string | null;
  model: string;
  /** Epoch ms the call started. */
  startedAt: number;
  /** The gateway's estimate of the prompt's tokens. */
  promptTokens: number;
  /** What billing charges if the call is lost: the prompt at the dearest of the route's prices. */
  lostMicros: number;
}

export function encodeHoldMeta(m: HoldMeta): string {
  return JSON.stringify([m.keyId, m.keyLabel, m.model, m.startedAt, m.promptTokens, m.lostMicros]);
}

/** null when the text is not a hold meta this version wrote. */
export function decodeHoldMeta(text: string): HoldMeta | null {
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v) || v.length !== 6) return null;
    const [keyId, keyLabel, model, startedAt, promptTokens, lostMicros] = v as unknown[];
    if (typeof keyId !== 'string' || typeof model !== 'string' || (keyLabel !== null && typeof keyLabel !== 'string')) return null;
    if (![startedAt, promptTokens, lostMicros].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null;
    return {
      keyId,
      keyLabel: keyLabel as string | null,
      model,
      startedAt: startedAt as number,
      promptTokens: promptTokens as number,
      lostMicros: lostMicros as number,
    };
  } catch {
    return null;
  }
}
