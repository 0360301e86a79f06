export type BillingErrorCode =
  | 'invalid_request'
  | 'insufficient_balance'
  | 'not_found'
  | 'unknown_provider'
  | 'bad_signature'
  | 'bad_payload'
  /** A service billing depends on (auth) did not answer: the caller should retry. */
  | 'unavailable';

/** The one domain error of the billing service; the filter maps its code to HTTP. */
export class BillingError extends Error {
  constructor(
    readonly code: BillingErrorCode,
    message: string,
  ) {
    super(message);
  }
}
