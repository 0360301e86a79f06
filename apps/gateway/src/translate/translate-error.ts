/**
 * A request that cannot be expressed in the other wire format (or is malformed where the translator must read it).
 * The caller answers 400 in the client's own error shape; `param` names the offending field in the client's request.
 */
export class TranslateError extends Error {
  readonly status = 400;

  constructor(
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'TranslateError';
  }
}
