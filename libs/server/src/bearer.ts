import { Strategy as BearerStrategy } from 'passport-http-bearer';

type Verify<T> = (token: string) => Promise<T | false>;

/**
 * Runs a passport-http-bearer strategy against one request without passport's process-wide
 * strategy registry (several apps, and several gateway instances in one test process, each
 * keep their own verifier). Resolves the authenticated user, or null when the strategy failed.
 */
export function authenticateBearer<T>(req: unknown, verify: Verify<T>): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const strategy = new BearerStrategy((token, done) => {
      verify(token).then((user) => done(null, user), (err) => done(err));
    });
    const run = Object.create(strategy) as BearerStrategy<never> & {
      success(user: T): void;
      fail(): void;
      error(err: unknown): void;
      pass(): void;
      redirect(): void;
    };
    run.success = (user: T) => resolve(user);
    run.fail = () => resolve(null);
    run.pass = () => resolve(null);
    run.redirect = () => resolve(null);
    run.error = (err: unknown) => reject(err);
    run.authenticate(req as never, { session: false });
  });
}
