/**
 * Whether the database refused a statement for what it contained (a value it cannot store, a
 * broken constraint: retrying cannot help), as opposed to being unreachable, restarting, out of
 * resources or in a deadlock (retrying will).
 * SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation) are the former.
 */
export function isDataError(err: unknown): boolean {
  const state = sqlState(err);
  return state !== null && (state.startsWith('22') || state.startsWith('23'));
}

/** The SQLSTATE of a pg or Prisma (driver adapter) error, wherever the layers put it. */
export function sqlState(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as Record<string, unknown>;
    for (const v of [o.code, (o.meta as Record<string, unknown> | undefined)?.code, (o.cause as Record<string, unknown> | undefined)?.originalCode]) {
      if (typeof v === 'string' && /^[0-9A-Z]{5}$/.test(v) && !v.startsWith('P')) return v;
    }
    e = o.cause ?? (o.meta as Record<string, unknown> | undefined)?.driverAdapterError;
  }
  return null;
}
