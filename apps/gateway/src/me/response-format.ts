import { GatewayErrors } from '../errors/gateway.error';

export type Format = 'json' | 'csv' | 'pdf';

/**
 * The format a /me read answers in: `?format=` (what a download link can set) or, without it,
 * `Accept: text/csv`; JSON otherwise. Returns the other query parameters for the route.
 */
export function formatOf(
  query: Record<string, string>,
  accept: string | undefined,
  allowed: readonly Format[],
): { format: Format; rest: Record<string, string> } {
  const { format, ...rest } = query;
  if (format === undefined) return { format: (accept ?? '').toLowerCase().includes('text/csv') && allowed.includes('csv') ? 'csv' : 'json', rest };
  if (!(allowed as readonly string[]).includes(format)) {
    throw GatewayErrors.invalidRequest(`'format' must be one of ${allowed.join(', ')}.`, { param: 'format' });
  }
  return { format: format as Format, rest };
}
