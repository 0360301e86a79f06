import { anthropicErrorBody, anthropicErrorToOpenAi, anthropicErrorType, openAiErrorToAnthropic, statusOfAnthropicError } from './anthropic-errors';
import { encodeData, eventNameOf, parseEvent, SseSplitter } from './sse';

describe('anthropic error mapping', () => {
  it('maps HTTP statuses to Anthropic error types', () => {
    const table: Array<[number, string]> = [
      [400, 'invalid_request_error'],
      [401, 'authentication_error'],
      [402, 'billing_error'],
      [403, 'permission_error'],
      [404, 'not_found_error'],
      [413, 'request_too_large'],
      [422, 'invalid_request_error'],
      [429, 'rate_limit_error'],
      [500, 'api_error'],
      [502, 'api_error'],
      [503, 'overloaded_error'],
      [504, 'timeout_error'],
      [529, 'overloaded_error'],
    ];
    for (const [status, type] of table) expect([status, anthropicErrorType(status)]).toEqual([status, type]);
    expect(statusOfAnthropicError('overloaded_error')).toBe(529);
    expect(statusOfAnthropicError('something_new')).toBe(500);
  });

  it('builds the Anthropic error envelope', () => {
    expect(anthropicErrorBody(429, 'Slow down.')).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'Slow down.' } });
    expect(anthropicErrorBody(404, 'No such model.', 'req_1')).toEqual({
      type: 'error',
      error: { type: 'not_found_error', message: 'No such model.' },
      request_id: 'req_1',
    });
  });

  it('re-expresses OpenAI error bodies (and unreadable ones) for Anthropic clients', () => {
    const openAi = { error: { message: 'Rate limit reached for requests.', type: 'requests', param: null, code: 'rate_limit_exceeded' } };
    expect(openAiErrorToAnthropic(429, openAi)).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'Rate limit reached for requests.' } });
    expect(openAiErrorToAnthropic(0, openAi).error.type).toBe('rate_limit_error'); // stream error: status from the type/code
    expect(openAiErrorToAnthropic(0, { error: { message: 'bad', type: 'invalid_request_error' } }).error.type).toBe('invalid_request_error');
    expect(openAiErrorToAnthropic(502, '<html>Bad Gateway</html>')).toEqual({
      type: 'error',
      error: { type: 'api_error', message: '<html>Bad Gateway</html>' },
    });
    expect(openAiErrorToAnthropic(503, undefined).error).toEqual({ type: 'overloaded_error', message: 'The upstream provider answered with status 503.' });
  });

  it('re-expresses Anthropic error bodies for OpenAI clients, keeping the Anthropic type as code', () => {
    const body = {
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' },
      request_id: 'req_011',
    };
    expect(anthropicErrorToOpenAi(429, body)).toEqual({
      error: {
        message: 'Number of request tokens has exceeded your per-minute rate limit',
        type: 'rate_limit_error',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
    expect(anthropicErrorToOpenAi(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }).error).toMatchObject({
      type: 'server_error',
      code: 'overloaded_error',
    });
    expect(anthropicErrorToOpenAi(404, { type: 'error', error: { type: 'not_found_error', message: 'model: x' } }).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'not_found_error',
    });
    expect(anthropicErrorToOpenAi(401, 'nope').error).toEqual({ message: 'nope', type: 'authentication_error', param: null, code: 'authentication_error' });
    expect(anthropicErrorToOpenAi(0, { type: 'error', error: { type: 'api_error', message: 'boom' } }).error.type).toBe('server_error');
  });
});

describe('sse helpers', () => {
  it('parses raw events split by the proxy splitter', () => {
    const splitter = new SseSplitter();
    const raw = splitter.push(
      'event: message_start\ndata: {"type":"message_start"}\n\nevent: ping\r\ndata: {"type": "ping"}\r\n\r\n: comment\n\ndata: [DONE]\n\ndata: {oops}\n\n',
    );
    expect(raw.map(parseEvent)).toEqual([
      { kind: 'json', value: { type: 'message_start' }, event: 'message_start' },
      { kind: 'json', value: { type: 'ping' }, event: 'ping' },
      { kind: 'skip' },
      { kind: 'done' },
      { kind: 'skip' },
    ]);
    expect(eventNameOf('data: x')).toBeNull();
    expect(encodeData({ a: 1 })).toBe('data: {"a":1}\n\n');
  });
});
