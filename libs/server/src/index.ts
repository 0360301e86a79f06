export * from './admin-http';
export * from './admin-token';
export * from './bearer';
export * from './connections';
export * from './error-reply';
export * from './health';
export * from './once';
export * from './pino-logger';
