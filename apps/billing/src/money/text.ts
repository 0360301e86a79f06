/** The most characters of any free-text field (model, label, reference...) billing puts in a reply or document. */
export const FIELD_MAX_CHARS = 256;

/**
 * `s` cut to `max` characters, the last one an ellipsis when anything was cut (never half a
 * surrogate pair). Keeps replies within NATS's max payload and documents quick to lay out.
 */
export function clip(s: string, max = FIELD_MAX_CHARS): string {
  if (s.length <= max) return s;
  let head = s.slice(0, max - 1);
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return `${head}…`;
}

export const clipOrNull = (s: string | null, max = FIELD_MAX_CHARS): string | null => (s === null ? null : clip(s, max));
