import { AuthError, AuthErrorCode } from './auth.error';

/**
 * A /me request/reply answer: the result, or the domain error as `{ok: false, code, message, param}`
 * with the code in the subject's own vocabulary. Anything that is not an AuthError is rethrown.
 */
export async function authReply<C extends string>(
  run: () => Promise<unknown>,
  codeOf: (code: AuthErrorCode) => C,
): Promise<{ ok: true; result: unknown } | { ok: false; code: C; message: string; param: string | null }> {
  try {
    return { ok: true, result: await run() };
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    return { ok: false, code: codeOf(err.code), message: err.message, param: err.param ?? null };
  }
}
