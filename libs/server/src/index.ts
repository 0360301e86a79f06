export * from './admin-http';
export * from './admin-token';
export * from './bearer';
export * from './once';
