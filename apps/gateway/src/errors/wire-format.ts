import type { IncomingHttpHeaders } from 'node:http';

/** The error shapes the public API answers in. */
export type WireFormatName = 'openai' | 'anthropic';

/** A route's declaration: one shape always, or Anthropic's when the caller sends `anthropic-version` (the models API both SDKs call). */
export type WireFormatRule = WireFormatName | 'anthropic-if-versioned';

export function resolveWireFormat(rule: WireFormatRule | undefined, headers: IncomingHttpHeaders | undefined): WireFormatName {
  if (rule === 'anthropic-if-versioned') return headers?.['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
  return rule ?? 'openai';
}
