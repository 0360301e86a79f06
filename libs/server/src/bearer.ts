import type { IncomingHttpHeaders } from 'node:http';
import { Strategy as BearerStrategy } from 'passport-http-bearer';

type Verify<T> = (token: string) => Promise<T | false>;

interface Outcome<T> {
  success(user: T): void;
  fail(): void;
  error(err: unknown): void;
  pass(): void;
  redirect(): void;
}

/**
 * A passport-http-bearer strategy run without passport's process-wide registry (several apps,
 * and several gateway instances in one test process, each keep their own verifier). Built once;
 * each request gets a thin per-request view of it, as passport's own middleware does.
 */
export class BearerAuth<T> {
  private readonly strategy: BearerStrategy<never>;

  constructor(verify: Verify<T>) {
    this.strategy = new BearerStrategy((token, done) => {
      verify(token).then(
        (user) => done(null, user as never),
        (err: unknown) => done(err as Error),
      );
    });
  }

  /**
   * The authenticated user, or null when the request carries no valid bearer token in its
   * `Authorization` header. The strategy sees the headers alone: passport-http-bearer would also
   * take `access_token` from the query string (where it ends up in logs and histories) or the body.
   */
  authenticate(req: { headers: IncomingHttpHeaders }): Promise<T | null> {
    const headersOnly = { headers: { authorization: req.headers.authorization } };
    return new Promise((resolve, reject) => {
      const run = Object.create(this.strategy) as BearerStrategy<never> & Outcome<T>;
      run.success = (user) => resolve(user);
      run.fail = () => resolve(null);
      run.pass = () => resolve(null);
      run.redirect = () => resolve(null);
      run.error = (err) => reject(err);
      run.authenticate(headersOnly as never, { session: false });
    });
  }
}
