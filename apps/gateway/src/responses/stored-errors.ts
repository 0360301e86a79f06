/** The stored-responses refusals, by name (one place builds them). */
import { GatewayError, GatewayErrors } from '../errors/gateway.error';

/** 404 as OpenAI words it; another tenant's id is answered exactly like an unknown one. */
export const responseNotFound = (id: string, param: string | null = null) =>
  new GatewayError({ code: 'not_found', message: `Response with id '${id}' not found.`, param });

/** 400 on a stored-response request (a query parameter, or the chain `previous_response_id` names). */
export const invalidResponsesQuery = (message: string, param: string) => GatewayErrors.invalidRequest(message, { param });
