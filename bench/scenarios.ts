/**
 * What is measured. Each scenario runs against every target with its upstream and plain/stream
 * setting (one per `via`), once per round; rounds interleave scenarios and targets.
 */
export type Scenario =
  | {
      kind: 'load';
      id: string;
      title: string;
      upstream: string;
      stream: boolean;
      /** autocannon connections (closed loop: each sends its next request on the previous answer). */
      connections: number;
    }
  | {
      kind: 'ttfb';
      id: string;
      title: string;
      upstream: string;
      stream: true;
    };

export const SCENARIOS: Scenario[] = [
  { kind: 'load', id: 'plain-0ms-c32', title: 'plain, 0 ms upstream, 32 conns', upstream: '0ms', stream: false, connections: 32 },
  { kind: 'load', id: 'plain-0ms-c1', title: 'plain, 0 ms upstream, 1 conn', upstream: '0ms', stream: false, connections: 1 },
  { kind: 'load', id: 'plain-20ms-c32', title: 'plain, 20 ms upstream, 32 conns', upstream: '20ms', stream: false, connections: 32 },
  { kind: 'load', id: 'stream-0ms-c16', title: 'stream, 0 ms upstream, 16 conns (whole response)', upstream: '0ms', stream: true, connections: 16 },
  { kind: 'ttfb', id: 'stream-0ms-ttfb', title: 'stream TTFB, 0 ms upstream, sequential', upstream: '0ms', stream: true },
];
