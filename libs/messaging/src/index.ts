export * from './bus';
export * from './streams';
export { natsServersForLog } from './nats-options';
export type { NatsSecurity } from './nats-options';
export * from './bus-server';
export * from './bus-handlers';
