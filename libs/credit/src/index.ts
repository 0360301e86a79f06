export * from './keys';
export * from './lua';
export * from './credit-store';
export * from './cost';
export * from './hold-meta';
