export * from './bus';
export * from './usage-stream';
export * from './alerts-stream';
export { natsServersForLog } from './nats-options';
export type { NatsSecurity } from './nats-options';
