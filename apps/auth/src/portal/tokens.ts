import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: session ids and invite tokens. Only their SHA-256 is stored. */
export const newSecret = (): string => randomBytes(32).toString('base64url');
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');
