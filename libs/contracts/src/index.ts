export * from './subjects';
export * from './auth';
export * from './usage';
export * from './catalog';
export * from './messages';
export * from './billing';
export * from './me-keys';
export * from './portal';
