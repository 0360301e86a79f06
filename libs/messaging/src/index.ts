export * from './bus';
export * from './usage-stream';
export { natsServersForLog } from './nats-options';
export type { NatsSecurity } from './nats-options';
