export * from './bus';
export * from './streams';
export { natsServersForLog } from './nats-options';
export type { NatsSecurity } from './nats-options';
