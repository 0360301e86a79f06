import { BillingError, BillingErrorCode } from '../errors/billing.error';

/** Billing's domain error, naming the request field at fault (for /me's `param`). */
export class AlertsError extends BillingError {
  constructor(
    code: BillingErrorCode,
    message: string,
    readonly param: string | null = null,
  ) {
    super(code, message);
  }
}

export const AlertsErrors = {
  endpointNotFound: () => new AlertsError('not_found', 'No such webhook endpoint.'),
  invalid: (param: string, message: string) => new AlertsError('invalid_request', `'${param}' ${message}.`, param),
  tooMany: (max: number) => new AlertsError('invalid_request', `At most ${max} webhook endpoints per tenant; delete one first.`),
  noSecretKey: () => new AlertsError('unavailable', 'Webhook endpoints are not available: the operator has not set WEBHOOK_SECRET_KEY on billing.'),
};
