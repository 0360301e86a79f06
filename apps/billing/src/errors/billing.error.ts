export type BillingErrorCode =
  | 'invalid_request'
  | 'insufficient_balance'
  | 'not_found'
  | 'unknown_provider'
  | 'bad_signature'
  | 'bad_payload'
  /** Refunds: a call refunded before, an amount above what is left to refund, an idempotency key reused for another request. */
  | 'already_refunded'
  | 'refund_exceeds_charges'
  | 'idempotency_conflict'
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
