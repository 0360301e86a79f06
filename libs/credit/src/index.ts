export * from './keys';
export * from './lua';
export * from './credit-store';
export * from './cost';
export * from './hold-meta';
export * from './budget-period';
export * from './budget-keys';
export * from './budget-lua';
