export * from './app-role';
export * from './data-dir-lock';
export * from './data-source-options';
export * from './durable-node-fs';
export * from './embedded-postgres';
export * from './entities';
export { MIGRATIONS } from './migrations';
export * from './change-feeds';
export * from './schema';
