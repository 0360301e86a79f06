export * from './api-key';
export { crc32 } from './crc32';
