import { readFileSync } from 'node:fs';
import type { BillingConfig } from '../config';

/** The operator as printed on every document; the logo is read once, at start. */
export interface DocumentIssuer {
  name: string;
  addressLines: string[];
  taxId: string | null;
  email: string | null;
  logo: { bytes: Uint8Array; format: 'png' | 'jpeg' } | null;
  taxRateBps: number;
  taxLabel: string;
}

export const DOCUMENT_ISSUER = Symbol('DOCUMENT_ISSUER');
export const DEFAULT_ISSUER_NAME = 'Tollgate operator';
const LOGO_MAX_BYTES = 1024 * 1024;

/** Lines of a configured address: split at newlines or at a literal `\n` (what fits in one env line). */
export const addressLines = (s: string): string[] =>
  s
    .split(/\r?\n|\\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export function loadIssuer(c: BillingConfig): DocumentIssuer {
  return {
    name: c.INVOICE_ISSUER_NAME ?? (c.INVOICE_ISSUER || DEFAULT_ISSUER_NAME),
    addressLines: addressLines(c.INVOICE_ISSUER_ADDRESS),
    taxId: c.INVOICE_ISSUER_TAX_ID || null,
    email: c.INVOICE_ISSUER_EMAIL || null,
    logo: c.INVOICE_LOGO_PATH ? readLogo(c.INVOICE_LOGO_PATH) : null,
    taxRateBps: c.INVOICE_TAX_RATE_BPS,
    taxLabel: c.INVOICE_TAX_LABEL,
  };
}

/** A PNG or JPEG, by its magic bytes; anything else stops billing at start with the reason. */
function readLogo(path: string): DocumentIssuer['logo'] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`INVOICE_LOGO_PATH: cannot read ${path} (${(err as Error).message})`);
  }
  if (bytes.length > LOGO_MAX_BYTES) throw new Error(`INVOICE_LOGO_PATH: ${path} is larger than 1 MiB`);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { bytes: new Uint8Array(bytes), format: 'png' };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { bytes: new Uint8Array(bytes), format: 'jpeg' };
  throw new Error(`INVOICE_LOGO_PATH: ${path} is neither a PNG nor a JPEG`);
}
