import { GatewayError } from '../errors/gateway.error';
import { parseChatRequest } from './chat.request';

const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

/** The 400 a body gets, as the caller sees it: the message and the parameter named. */
function refusal(extra: Record<string, unknown>): { message: string; param: string | null | undefined } | null {
  try {
    parseChatRequest({ ...base, ...extra });
    return null;
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return { message: err.message, param: err.param };
  }
}

describe('parseChatRequest: sampling parameters and tools are checked at the edge', () => {
  it.each([
    [{ temperature: 'hot' }, 'temperature', "Invalid 'temperature': must be a number from 0 to 2"],
    [{ temperature: 5 }, 'temperature', "Invalid 'temperature': must be a number from 0 to 2"],
    [{ temperature: -0.1 }, 'temperature', "Invalid 'temperature': must be a number from 0 to 2"],
    [{ top_p: 1.5 }, 'top_p', "Invalid 'top_p': must be a number from 0 to 1"],
    [{ presence_penalty: '1' }, 'presence_penalty', "Invalid 'presence_penalty': must be a number from -2 to 2"],
    [{ frequency_penalty: 3 }, 'frequency_penalty', "Invalid 'frequency_penalty': must be a number from -2 to 2"],
    [{ tools: 'search' }, 'tools', "Invalid 'tools': must be an array of tools"],
    [{ tools: [{ function: { name: 'f' } }] }, 'tools.0.type', "Invalid 'tools.0.type': each tool needs a type"],
    [{ tools: [null] }, 'tools.0', expect.stringMatching(/^Invalid 'tools\.0'/)],
  ])('%j is refused naming %s', (extra, param, message) => {
    expect(refusal(extra)).toEqual({ param, message });
  });

  it.each([
    [{ temperature: 0, top_p: 1, presence_penalty: -2, frequency_penalty: 2 }],
    [{ temperature: null, top_p: null }],
    [{ temperature: 1.3, tools: [{ type: 'function', function: { name: 'f', parameters: {} } }], tool_choice: 'auto' }],
    [{ tools: null, seed: 7, stop: ['x'], some_future_param: { a: 1 } }],
  ])('%j is taken, unknown fields passed through as sent', (extra) => {
    expect(refusal(extra)).toBeNull();
    expect(parseChatRequest({ ...base, ...extra })).toMatchObject(extra);
  });
});
