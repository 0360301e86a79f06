import * as bcrypt from 'bcrypt';

export const BCRYPT_COST = 12;
export const MIN_PASSWORD_LENGTH = 12;
/** bcrypt reads only the first 72 bytes; a longer password would be silently truncated. */
export const MAX_PASSWORD_BYTES = 72;

/**
 * The most common passwords of 12+ characters (from the public breach top lists), lower-cased.
 * Shorter ones are already refused by the minimum length.
 */
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789123',
  '111111111111',
  '000000000000',
  'qwertyuiopas',
  'qwertyuiop123',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'qwerty123456',
  'qwertyuiop[]',
  'password1234',
  'password123!',
  'passwordpassword',
  'password12345',
  'p@ssw0rd1234',
  'letmein12345',
  'iloveyou1234',
  'welcome12345',
  'administrator',
  'adminadmin123',
  'changeme1234',
  'abcdefghijkl',
  'abc123456789',
  'aaaaaaaaaaaa',
  'asdfghjkl123',
  'zxcvbnm12345',
  'trustno1trustno1',
  'football1234',
  'baseball1234',
  'sunshine1234',
  'princess1234',
  'monkey123456',
  'dragon123456',
  'master123456',
  'superman1234',
  'starwars1234',
  'whatever1234',
  'correcthorsebatterystaple',
  'qazwsxedcrfv',
]);

/** Why a password is refused (a sentence for the user), or null if it is acceptable. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return `The password must be at most ${MAX_PASSWORD_BYTES} bytes long.`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || new Set(lower).size <= 2) return 'This password is too common; choose another.';
  if (lower === email.toLowerCase() || lower === email.split('@')[0]?.toLowerCase()) return 'The password must not be the email address.';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

/** A fixed hash compared against when there is no user, so unknown emails take as long as wrong passwords. */
const DUMMY_HASH = bcrypt.hashSync('tollgate-no-such-user-placeholder', BCRYPT_COST);

export function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return bcrypt.compare('x', DUMMY_HASH).then(() => false);
  return bcrypt.compare(password, hash ?? DUMMY_HASH).then((ok) => ok && hash !== null);
}
