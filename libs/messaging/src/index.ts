export * from './bus';
export * from './usage-stream';
