import { type ArgumentsHost, Catch, Logger, type PipeTransform, type RpcExceptionFilter } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { type Observable, throwError } from 'rxjs';
import { type HandledRequestOf, Messages, type RequestSubject, Subjects } from '@tollgate/contracts';
import { BusError, type BusErrorCode } from './bus';

/** Marks a controller method as the handler of request subject `name` (the contract's subject; BusServer adds the prefix). */
export function Responds(name: RequestSubject): MethodDecorator {
  return MessagePattern(Subjects[name]);
}

/** Validates an inbound request against its contract schema; a payload that does not parse is a `bad_message`. */
export class ContractPipe<K extends RequestSubject> implements PipeTransform<unknown, HandledRequestOf<K>> {
  constructor(private readonly name: K) {}

  transform(value: unknown): HandledRequestOf<K> {
    const parsed = Messages[this.name].request.safeParse(value);
    if (!parsed.success) throw new BusError('bad_message', `invalid request on ${this.name}`);
    return parsed.data as HandledRequestOf<K>;
  }
}

/** The handler's parameter: request `name`, parsed by its contract schema (HandledRequestOf<name>). */
export function BusRequest(name: RequestSubject): ParameterDecorator {
  return Payload(new ContractPipe(name));
}

/**
 * The error packet a failed handler answers with (BusServer turns it into BUS_ERROR_HEADER): its
 * BusErrorCode for a BusError, `failed` for anything else. Logged once here, never leaked.
 */
export function busErrorAnswer(exception: unknown, host: ArgumentsHost, logger: Logger): Observable<never> {
  const subject = host.switchToRpc().getContext<{ getSubject?: () => string }>()?.getSubject?.();
  const code: BusErrorCode = exception instanceof BusError ? exception.code : 'failed';
  logger.error(
    { subject, code, err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : String(exception) },
    'request failed',
  );
  return throwError(() => ({ code }));
}

/** Every handler's failures become error answers (register on the microservice: useGlobalFilters). */
@Catch()
export class BusExceptionFilter implements RpcExceptionFilter {
  private readonly logger = new Logger('BusExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    return busErrorAnswer(exception, host, this.logger);
  }
}
