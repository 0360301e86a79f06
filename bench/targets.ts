import type { RunningStack } from './stack';
import { routeName, UPSTREAM_MODEL } from './seed';

/**
 * One thing to send load at: a URL, its headers and the exact request body. Every scenario
 * sends the same request through each `via` (direct to the mock, through the gateway, ...),
 * so the difference between two rows is what the path in between costs.
 */
export interface Target {
  /** e.g. `gateway 0ms stream` */
  name: string;
  /** The path the request takes: `direct`, `gateway`, later `floor-proxy`, `portkey`, `gateway-no-auth`. */
  via: string;
  /** Which mock answers (`0ms`, `20ms`). */
  upstream: string;
  stream: boolean;
  /** Calls through this path are metered: each served call must become a usage row billing books. */
  meters: boolean;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The baseline every other `via` is compared with. */
export const BASELINE_VIA = 'direct';

const PROMPT = 'Summarise what an LLM API gateway does in one short sentence, please.';

/** The chat completion body; streams ask for usage, as metering clients do, so both paths carry the usage chunk. */
export function chatBody(model: string, stream: boolean): string {
  const body: Record<string, unknown> = { model, messages: [{ role: 'user', content: PROMPT }] };
  if (stream) Object.assign(body, { stream: true, stream_options: { include_usage: true } });
  return JSON.stringify(body);
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * How a request reaches an upstream. A new path (a bare pass-through proxy as the floor,
 * Portkey's gateway, the gateway with auth and metering off) is one more entry here, plus
 * starting it in stack.ts; every scenario then gains its rows and its "added over direct" row.
 */
export interface Via {
  name: string;
  /** False where the path cannot stream here (Portkey's stream path throws on Node 20: immutable headers). */
  streams?: boolean;
  /** True where every served call publishes a usage event (the full gateway). */
  meters?: boolean;
  request(stack: RunningStack, upstream: RunningStack['mocks'][number], stream: boolean): Pick<Target, 'url' | 'headers' | 'body'>;
}

export const VIAS: Via[] = [
  {
    name: BASELINE_VIA,
    request: (_stack, mock, stream) => ({ url: `${mock.baseUrl}/chat/completions`, headers: JSON_HEADERS, body: chatBody(UPSTREAM_MODEL, stream) }),
  },
  {
    name: 'floor',
    request: (stack, mock, stream) => ({
      url: `${stack.floorBaseUrls[mock.label]}/chat/completions`,
      headers: JSON_HEADERS,
      body: chatBody(UPSTREAM_MODEL, stream),
    }),
  },
  {
    name: 'gateway',
    meters: true,
    request: (stack, mock, stream) => ({
      url: `${stack.gatewayBaseUrl}/chat/completions`,
      headers: { ...JSON_HEADERS, authorization: `Bearer ${stack.key}` },
      body: chatBody(routeName(mock.label), stream),
    }),
  },
  {
    name: 'gateway-bypass',
    request: (stack, mock, stream) => ({
      url: `${stack.bypassBaseUrl}/chat/completions`,
      headers: { ...JSON_HEADERS, authorization: `Bearer ${stack.key}` },
      body: chatBody(routeName(mock.label), stream),
    }),
  },
  {
    name: 'portkey',
    streams: false,
    request: (stack, mock, stream) => ({
      url: `${stack.portkeyUrl}/v1/chat/completions`,
      headers: { ...JSON_HEADERS, authorization: 'Bearer unused', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': mock.baseUrl },
      body: chatBody(UPSTREAM_MODEL, stream),
    }),
  },
];

/** Every via × upstream × plain/stream combination. */
export function buildTargets(stack: RunningStack, vias: Via[] = VIAS): Target[] {
  const out: Target[] = [];
  for (const mock of stack.mocks) {
    for (const stream of [false, true]) {
      for (const via of vias) {
        if (stream && via.streams === false) continue;
        out.push({
          name: `${via.name} ${mock.label}${stream ? ' stream' : ''}`,
          via: via.name,
          upstream: mock.label,
          stream,
          meters: via.meters ?? false,
          ...via.request(stack, mock, stream),
        });
      }
    }
  }
  return out;
}
